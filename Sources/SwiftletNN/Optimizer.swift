import SwiftletCore

/// A gradient-descent optimizer over a list of parameters, PyTorch's
/// `torch.optim.Optimizer` with one parameter group.
///
/// `step()` reads each parameter's `.grad` (parameters without one are
/// skipped, as in PyTorch) and updates the values in place with a fused loop
/// over raw buffers: no tensor ops and no allocation after the first step.
///
/// ```swift
/// let opt = Adam(model.parameters, learningRate: 3e-4)
/// opt.zeroGrad()
/// loss.backward()
/// opt.step()
/// ```
///
/// State is exported under PyTorch-like dotted names, `state.<i>.<buffer>`
/// (`i` = position in `parameters`), with the per-parameter step count as an
/// Int64 scalar `state.<i>.step` and the learning rate as a Float64 scalar
/// `param_groups.0.lr`.
public protocol Optimizer<Scalar>: AnyObject {
    associatedtype Scalar: TensorFloatingPoint
    /// The parameters updated, in order.
    var parameters: [Parameter<Scalar>] { get }
    /// The learning rate used by the next `step()` (set it for schedules).
    var learningRate: Double { get set }
    /// One update from the current gradients.
    func step()
    /// The optimizer state as named tensors (see the protocol documentation).
    func stateDict() -> [String: StoredTensor]
    /// Restores state saved by `stateDict()`, all or nothing: names, shapes
    /// and parameter indices are checked before anything changes. Restores
    /// `learningRate` when `param_groups.0.lr` is present.
    func loadStateDict(_ state: [String: StoredTensor]) throws
}

extension Optimizer {
    /// Clears every parameter's gradient (set to nil).
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}

/// Shared validation for optimizer state dicts.
struct OptimizerStateReader<Scalar: TensorFloatingPoint> {
    let state: [String: StoredTensor]
    let parameters: [Parameter<Scalar>]
    let buffers: Set<String>

    /// Checks every key is `param_groups.0.lr` or `state.<i>.<known buffer>`
    /// with `i` in range, and returns the indices that have state.
    func indicesWithState() throws -> [Int] {
        var indices = Set<Int>()
        for key in state.keys {
            if key == "param_groups.0.lr" { continue }
            let parts = key.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "state", let i = Int(parts[1]), i >= 0, i < parameters.count,
                  buffers.contains(String(parts[2])) else {
                throw CheckpointError.unexpectedTensor(name: key)
            }
            indices.insert(i)
        }
        return indices.sorted()
    }

    func learningRate() throws -> Double? {
        guard let t = state["param_groups.0.lr"] else { return nil }
        guard let lr = t.floatingPoint(as: Double.self), lr.count == 1 else {
            throw CheckpointError.invalidValue(name: "param_groups.0.lr", detail: "expected a floating-point scalar, got \(t.dtype) \(t.shape)")
        }
        return lr.scalars[0]
    }

    func step(_ i: Int) throws -> Int {
        let name = "state.\(i).step"
        guard let t = state[name] else { throw CheckpointError.missingTensor(name: name) }
        let value: Double
        switch t {
        case .int64(let s) where s.count == 1: value = Double(s.scalars[0])
        case .int32(let s) where s.count == 1: value = Double(s.scalars[0])
        case .float32(let s) where s.count == 1: value = Double(s.scalars[0])
        case .float64(let s) where s.count == 1: value = s.scalars[0]
        default: throw CheckpointError.invalidValue(name: name, detail: "expected a scalar step count, got \(t.dtype) \(t.shape)")
        }
        guard value >= 1, value == value.rounded(), value < 9e15 else {
            throw CheckpointError.invalidValue(name: name, detail: "step count \(value) is not a positive integer")
        }
        return Int(value)
    }

    func buffer(_ i: Int, _ buffer: String) throws -> Tensor<Scalar> {
        let name = "state.\(i).\(buffer)"
        guard let t = state[name] else { throw CheckpointError.missingTensor(name: name) }
        guard let v = t.floatingPoint(as: Scalar.self) else {
            throw CheckpointError.dtypeMismatch(name: name, expected: Scalar.self == Float.self ? "F32" : "F64", found: t.dtype)
        }
        if v.shape != parameters[i].shape {
            throw CheckpointError.shapeMismatch(name: name, expected: parameters[i].shape, found: v.shape)
        }
        return v
    }
}

@inlinable @inline(__always)
func optimizerStepCount(_ n: Int) -> StoredTensor { .int64(Tensor<Int>(shape: [], scalars: [n])) }

@inlinable @inline(__always)
func optimizerLearningRate(_ lr: Double) -> StoredTensor { .float64(Tensor<Double>(shape: [], scalars: [lr])) }

/// PyTorch's `lerp` with a scalar weight, in the element type:
/// `self + w·(end − self)` for |w| < 0.5, else `end − (end − self)·(1 − w)`.
@inlinable @inline(__always)
func torchLerp<Scalar: TensorFloatingPoint>(_ a: Scalar, _ b: Scalar, _ w: Scalar) -> Scalar {
    Swift.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w)
}
