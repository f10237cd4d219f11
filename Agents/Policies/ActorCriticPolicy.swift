import SwiftletCore
import SwiftletNN

/// What PPO (and any on-policy algorithm) needs of a policy network: a
/// `Module` (so its parameters have PyTorch-style dotted names, load from and
/// save to checkpoints, and feed the optimizer) that maps a batch of
/// observations `[B, obs]` to the action distribution's parameters and the
/// state values. The built-in `ActorCritic` (SB3's `MlpPolicy`) conforms; so
/// can a network written from public ops.
///
/// - Discrete actions: `policy` is the logits `[B, n]` of a `Categorical`.
/// - Box actions: `policy` is the mean `[B, d]` of a `DiagonalNormal` whose
///   log standard deviation is `logStd` (`[d]`, state-independent, as SB3).
///
/// ```swift
/// final class MyPolicy: ActorCriticPolicy {
///     let w1: Parameter<Float>, b1: Parameter<Float>, pi: Linear<Float>, vf: Linear<Float>
///     var ownParameters: [(name: String, parameter: Parameter<Float>)] { [("w1", w1), ("b1", b1)] }
///     var children: [(name: String, module: any Module<Float>)] { [("pi", pi), ("vf", vf)] }
///     var logStd: Parameter<Float>? { nil }
///     func forward(_ x: Tensor<Float>) -> (policy: Tensor<Float>, value: Tensor<Float>) {
///         let h = (x.matmul(w1.value.transposed()) + b1.value).tanh()
///         return (pi(h), vf(h).reshaped([x.shape[0]]))
///     }
/// }
/// let ppo = try PPO(environment: spec, config: config, seed: 0, policy: MyPolicy(…))
/// ```
public protocol ActorCriticPolicy: Module where Scalar == Float {
    /// The distribution parameters (`[B, n]` logits or `[B, d]` means) and values `[B]`.
    func forward(_ observations: Tensor<Float>) -> (policy: Tensor<Float>, value: Tensor<Float>)
    /// Values only `[B]` (default: from `forward`).
    func value(_ observations: Tensor<Float>) -> Tensor<Float>
    /// Distribution parameters only (default: from `forward`).
    func policyOutput(_ observations: Tensor<Float>) -> Tensor<Float>
    /// The Gaussian's log standard deviation `[d]` for Box actions; nil for Discrete.
    var logStd: Parameter<Float>? { get }
}

extension ActorCriticPolicy {
    public func value(_ observations: Tensor<Float>) -> Tensor<Float> { forward(observations).value }
    public func policyOutput(_ observations: Tensor<Float>) -> Tensor<Float> { forward(observations).policy }
}

/// Checks that `policy` fits observations of `observationSize` and the action
/// space (`actionCount` logits or means, a `[d]` log-std for Box), by one
/// forward pass without recording; throws `TrainingError.unsupportedEnvironment`
/// naming the shapes.
func checkPolicyShapes(_ policy: any ActorCriticPolicy, observationSize: Int, actionCount: Int, isDiscrete: Bool,
                       envID: String) throws {
    let (p, v) = withNoGrad { policy.forward(Tensor<Float>(repeating: 0, shape: [2, observationSize])) }
    guard p.shape == [2, actionCount], v.shape == [2] else {
        throw TrainingError.unsupportedEnvironment(envID: envID, reason: "the policy maps observations [2, \(observationSize)] "
            + "to \(p.shape) and values \(v.shape); expected [2, \(actionCount)] and [2]")
    }
    if isDiscrete != (policy.logStd == nil) || (!isDiscrete && policy.logStd!.shape != [actionCount]) {
        throw TrainingError.unsupportedEnvironment(envID: envID, reason: isDiscrete
            ? "a Discrete action space takes a policy without logStd"
            : "a Box action space of \(actionCount) dimensions needs logStd of shape [\(actionCount)], got \(policy.logStd.map { "\($0.shape)" } ?? "none")")
    }
}
