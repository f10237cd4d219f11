import SwiftletCore

/// A container of parameters and child modules, PyTorch's `nn.Module`.
///
/// Conformers list their own parameters and their children under local
/// names; everything else (recursive dotted names such as `actor.0.weight`,
/// copying, freezing, state dicts) comes from extensions. Names are stable:
/// they follow the order the conformer lists things in.
///
/// ```swift
/// final class ActorCritic: Module {
///     let actor: MLP<Float>, critic: MLP<Float>
///     var children: [(name: String, module: any Module<Float>)] { [("actor", actor), ("critic", critic)] }
///     …
/// }
/// ac.namedParameters().map(\.name)   // ["actor.0.weight", "actor.0.bias", …, "critic.4.bias"]
/// ```
public protocol Module<Scalar>: AnyObject {
    associatedtype Scalar: TensorFloatingPoint
    /// This module's own parameters (not its children's), with local names.
    var ownParameters: [(name: String, parameter: Parameter<Scalar>)] { get }
    /// Child modules with local names (`"0"`, `"actor"`).
    var children: [(name: String, module: any Module<Scalar>)] { get }
    /// All parameters with dotted names. The default lists own parameters,
    /// then each child's under `child.`; a module whose names or order follow
    /// another library's layout (SB3's `log_std` after the heads) implements it.
    func namedParameters() -> [(name: String, parameter: Parameter<Scalar>)]
}

extension Module {
    public var ownParameters: [(name: String, parameter: Parameter<Scalar>)] { [] }
    public var children: [(name: String, module: any Module<Scalar>)] { [] }
}

/// A module with a forward pass from one tensor to one tensor.
public protocol Layer<Scalar>: Module {
    /// The forward pass.
    func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar>
}

extension Module {
    /// All parameters with dotted names, depth first in listing order
    /// (PyTorch's `named_parameters()`).
    public func namedParameters() -> [(name: String, parameter: Parameter<Scalar>)] {
        var out: [(name: String, parameter: Parameter<Scalar>)] = []
        collectParameters(prefix: "", into: &out)
        return out
    }

    func collectParameters(prefix: String, into out: inout [(name: String, parameter: Parameter<Scalar>)]) {
        for (name, p) in ownParameters { out.append((prefix + name, p)) }
        for (name, child) in children {
            for (n, p) in child.namedParameters() { out.append((prefix + name + "." + n, p)) }
        }
    }

    /// All parameters in `namedParameters()` order.
    public var parameters: [Parameter<Scalar>] { namedParameters().map(\.parameter) }

    /// Total number of scalars in all parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// Stops gradients reaching every parameter (`requires_grad_(False)`),
    /// e.g. for a target network.
    public func freeze() { for p in parameters { p.requiresGrad = false } }

    /// Lets gradients reach every parameter again.
    public func unfreeze() { for p in parameters { p.requiresGrad = true } }

    /// The parameter values under dotted names (copies share storage until
    /// either side writes).
    public func stateDict() -> [String: Tensor<Scalar>] {
        var d: [String: Tensor<Scalar>] = [:]
        for (name, p) in namedParameters() { d[name] = p.value.detached() }
        return d
    }

    /// Loads values by name, all or nothing: every name and shape is checked
    /// before anything is written. With `strict`, names in `state` that the
    /// module lacks are errors too.
    ///
    /// - Throws: `CheckpointError.missingTensor`, `.unexpectedTensor`,
    ///   `.shapeMismatch` (naming the tensor and both shapes).
    public func loadStateDict(_ state: [String: Tensor<Scalar>], strict: Bool = true) throws {
        let named = namedParameters()
        for (name, p) in named {
            guard let t = state[name] else { throw CheckpointError.missingTensor(name: name) }
            if t.shape != p.shape { throw CheckpointError.shapeMismatch(name: name, expected: p.shape, found: t.shape) }
        }
        if strict {
            let known = Set(named.map(\.name))
            if let extra = state.keys.sorted().first(where: { !known.contains($0) }) {
                throw CheckpointError.unexpectedTensor(name: extra)
            }
        }
        for (name, p) in named { p.assign(state[name]!) }
    }

    /// Copies every parameter value from `source` (same architecture), in
    /// place: the hard update of a target network.
    public func copyParameters(from source: some Module<Scalar>) {
        let dst = namedParameters(), src = source.namedParameters()
        precondition(dst.count == src.count,
                     "copyParameters: source has \(src.count) parameters, target has \(dst.count)")
        for (d, s) in zip(dst, src) {
            precondition(d.name == s.name && d.parameter.shape == s.parameter.shape,
                         "copyParameters: source '\(s.name)' \(s.parameter.shape) does not match target '\(d.name)' \(d.parameter.shape)")
            if d.parameter !== s.parameter { d.parameter.assign(s.parameter.value) }
        }
    }

    /// Polyak averaging toward `source`: `θ ← (1−τ)·θ + τ·θ_source`, in place,
    /// in SB3's order (`mul_(1−τ)` then `add_(·, alpha: τ)`).
    public func softUpdate(from source: some Module<Scalar>, tau: Double) {
        precondition(tau >= 0 && tau <= 1, "softUpdate: tau \(tau) is outside [0, 1]")
        let dst = namedParameters(), src = source.namedParameters()
        precondition(dst.count == src.count,
                     "softUpdate: source has \(src.count) parameters, target has \(dst.count)")
        let keep = Scalar(1 - tau), take = Scalar(tau)
        for (d, s) in zip(dst, src) {
            precondition(d.name == s.name && d.parameter.shape == s.parameter.shape,
                         "softUpdate: source '\(s.name)' \(s.parameter.shape) does not match target '\(d.name)' \(d.parameter.shape)")
            if d.parameter === s.parameter { continue }
            s.parameter.value.withUnsafeBufferPointer { sp in
                d.parameter.withUnsafeMutableBufferPointer { dp in polyakUpdate(dp, sp, keep: keep, take: take) }
            }
        }
    }
}

/// `dst = dst·keep + take·src` elementwise (specialized: the caller is a
/// generic protocol extension that does not specialize across modules).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func polyakUpdate<Scalar: TensorFloatingPoint>(_ dst: UnsafeMutableBufferPointer<Scalar>, _ src: UnsafeBufferPointer<Scalar>,
                                               keep: Scalar, take: Scalar) {
    var i = 0
    let n = dst.count
    while i < n { dst[i] = dst[i] * keep + take * src[i]; i &+= 1 }
}
