import RealModule

import CSwiftletSupport

/// Gradients an op's backward hands to its inputs, in input order.
public struct InputGradients<Scalar: TensorElement> {
    public var first: Tensor<Scalar>?
    public var second: Tensor<Scalar>?
    /// The third input's gradient (a linear layer's bias), kept out of `rest`
    /// so three-input ops allocate no array.
    public var third: Tensor<Scalar>?
    /// Inputs beyond the third (concat, stack), or beyond the second for
    /// nodes recorded with `more:`.
    public var rest: [Tensor<Scalar>?]

    @inlinable
    public init(_ first: Tensor<Scalar>?, _ second: Tensor<Scalar>? = nil, third: Tensor<Scalar>? = nil,
                rest: [Tensor<Scalar>?] = []) {
        self.first = first
        self.second = second
        self.third = third
        self.rest = rest
    }
}

/// A vertex of the dynamic graph: either a leaf's gradient slot (a tensor the
/// user marked `requiresGrad`) or the record of one op, holding edges to the
/// nodes of its inputs and a closure computing their gradients.
public final class GradNode<Scalar: TensorElement> {
    /// Op name, for error messages.
    @usableFromInline let op: StaticString
    /// Shape of the tensor this node produced; incoming gradients are reduced
    /// to it (broadcast reduction happens here, once, in the engine).
    @usableFromInline let shape: [Int]
    @exclusivity(unchecked) @usableFromInline var input0: GradNode?
    @exclusivity(unchecked) @usableFromInline var input1: GradNode?
    @exclusivity(unchecked) @usableFromInline var input2: GradNode?
    @exclusivity(unchecked) @usableFromInline var moreInputs: [GradNode?]
    @exclusivity(unchecked) @usableFromInline var backwardFn: ((Tensor<Scalar>) -> InputGradients<Scalar>)?
    /// Leaves: the accumulated `.grad`. Ops: the gradient gathered during a backward pass.
    @exclusivity(unchecked) @usableFromInline var grad: Tensor<Scalar>?
    @exclusivity(unchecked) @usableFromInline var pending: Int = 0
    /// The id of the backward pass that last visited this node.
    @exclusivity(unchecked) @usableFromInline var visitMark: UInt = 0
    @usableFromInline let isLeaf: Bool

    /// A leaf slot.
    @inlinable
    init(leafShape shape: [Int]) {
        op = "leaf"
        self.shape = shape
        input0 = nil; input1 = nil; input2 = nil; moreInputs = []
        backwardFn = nil
        isLeaf = true
    }

    /// An op record.
    @inlinable
    init(op: StaticString, shape: [Int], _ a: GradNode?, _ b: GradNode?, third c: GradNode? = nil,
         more: [GradNode?] = [], backward: @escaping (Tensor<Scalar>) -> InputGradients<Scalar>) {
        self.op = op
        self.shape = shape
        input0 = a; input1 = b; input2 = c; moreInputs = more
        backwardFn = backward
        isLeaf = false
    }

    @inlinable
    func forEachInput(_ body: (GradNode) -> Void) {
        if let a = input0 { body(a) }
        if let b = input1 { body(b) }
        if let c = input2 { body(c) }
        for case let c? in moreInputs { body(c) }
    }
}

/// Whether ops on this thread currently record a graph.
@inlinable @inline(__always)
public var isGradRecordingEnabled: Bool { swiftlet_grad_enabled() != 0 }

/// Runs `body` with graph recording off on this thread: ops inside build no
/// graph and allocate no nodes (rollouts, target networks, evaluation).
/// Nests; the previous mode is restored on exit, also on throw.
///
/// ```swift
/// let q = withNoGrad { targetNet(nextObs) }
/// ```
@inlinable
public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
    swiftlet_enter_no_grad()
    defer { swiftlet_exit_no_grad() }
    return try body()
}

extension Tensor where Scalar: TensorFloatingPoint {
    /// Whether gradients flow to or through this tensor.
    @inlinable
    public var requiresGrad: Bool {
        get { gradNode != nil }
        set {
            if newValue {
                if gradNode == nil { gradNode = GradNode(leafShape: shape) }
            } else {
                precondition(gradNode?.isLeaf ?? true,
                             "requiresGrad = false: only leaves can stop requiring grad; use detached()")
                gradNode = nil
            }
        }
    }

    /// This tensor as a new leaf that requires grad (shares storage).
    @inlinable
    public func requiringGrad() -> Tensor {
        var t = self
        t.gradNode = GradNode(leafShape: shape)
        return t
    }

    /// The same values, cut from the graph (shares storage; no gradient flows back).
    @inlinable
    public func detached() -> Tensor {
        var t = self
        t.gradNode = nil
        return t
    }

    /// Whether this tensor is a leaf (created by the user, not by a recorded op).
    @inlinable
    public var isLeaf: Bool { gradNode?.isLeaf ?? true }

    /// The gradient accumulated by `backward()` into this leaf, or nil.
    /// Accumulates across backward calls until `zeroGrad()` (PyTorch semantics).
    @inlinable
    public var grad: Tensor? {
        get {
            guard let node = gradNode, node.isLeaf else { return nil }
            return node.grad
        }
        nonmutating set {
            precondition(gradNode?.isLeaf == true, "grad: only leaves that require grad hold a gradient")
            if let g = newValue { precondition(g.shape == shape, "grad: shape \(g.shape) does not match tensor shape \(shape)") }
            gradNode!.grad = newValue
        }
    }

    /// Clears the accumulated gradient (sets it to nil, as PyTorch's
    /// `zero_grad(set_to_none=True)`).
    @inlinable
    public func zeroGrad() {
        if let n = gradNode, n.isLeaf { n.grad = nil }
    }

    /// Reverse-mode differentiation from this tensor.
    ///
    /// Walks the recorded graph in reverse topological order, summing each
    /// node's incoming gradients before passing them on, and accumulates into
    /// the `.grad` of every leaf that requires grad. With no `gradient`, the
    /// tensor must have one element (a loss) and the seed is 1. The graph is
    /// freed afterwards unless `retainGraph` is true. Gradients are computed
    /// without recording (no higher-order gradients).
    ///
    /// Cost: one closure call per recorded op plus its gradient kernels.
    /// (Inlinable so the engine is specialized for the element type: generic,
    /// it spent ~8% of an MLP step looking up type metadata.)
    @inlinable
    public func backward(gradient: Tensor? = nil, retainGraph: Bool = false) {
        guard let root = gradNode else {
            fatalError("backward: tensor of shape \(shape) does not require grad (no input required grad, or it was made under withNoGrad)")
        }
        let seed: Tensor
        if let g = gradient {
            precondition(g.shape == shape, "backward: gradient shape \(g.shape) does not match tensor shape \(shape)")
            seed = g.detached()
        } else {
            precondition(count == 1, "backward: implicit gradient needs a one-element tensor, got shape \(shape); pass gradient:")
            seed = Tensor(repeating: 1, shape: shape)
        }
        withNoGrad {
            runBackward(root: root, seed: seed, retainGraph: retainGraph)
        }
    }
}

/// Kahn's algorithm over the nodes reachable from `root`: a node runs once
/// every consumer has delivered its gradient, so each node's backward sees
/// the full sum.
@inlinable
func runBackward<Scalar: TensorFloatingPoint>(root: GradNode<Scalar>, seed: Tensor<Scalar>, retainGraph: Bool) {
    // Count consumers of each reachable node (marking visits with this
    // pass's id instead of hashing node identities).
    let mark = UInt(swiftlet_next_backward_id())
    var stack: [GradNode<Scalar>] = [root]
    stack.reserveCapacity(32)
    root.visitMark = mark
    root.pending = 0
    while let node = stack.popLast() {
        node.forEachInput { input in
            if input.visitMark != mark {
                input.visitMark = mark
                input.pending = 0
                stack.append(input)
            }
            input.pending += 1
        }
    }
    accumulate(seed, into: root)
    var ready: [GradNode<Scalar>] = [root]
    ready.reserveCapacity(32)
    // Gradients, closures and edges are moved out of the nodes (`take()`),
    // not copied: a freed graph needs them once, and every copy of a tensor
    // is a few reference-count operations.
    while let node = ready.popLast() {
        if node.isLeaf { continue }
        guard node.backwardFn != nil else {
            fatalError("backward: the graph through '\(node.op)' was already freed; pass retainGraph: true to the earlier backward")
        }
        guard let g = node.grad.take() else { continue }
        let fn = retainGraph ? node.backwardFn! : node.backwardFn.take()!
        var grads = fn(g)
        func deliver(_ input: GradNode<Scalar>?, _ grad: consuming Tensor<Scalar>?) {
            guard let input else { return }
            if let grad { accumulate(grad, into: input) }
            input.pending -= 1
            if input.pending == 0 { ready.append(input) }
        }
        // A freed graph gives up its edges as it goes.
        deliver(retainGraph ? node.input0 : node.input0.take(), grads.first.take())
        deliver(retainGraph ? node.input1 : node.input1.take(), grads.second.take())
        deliver(retainGraph ? node.input2 : node.input2.take(), grads.third.take())
        let more = node.moreInputs
        if !retainGraph { node.moreInputs = [] }
        for i in more.indices {
            deliver(more[i], i < grads.rest.count ? grads.rest[i].take() : nil)
        }
    }
}

/// Adds `grad` into the node's gradient, first summing away broadcast
/// dimensions so it has the node's shape.
@inlinable
func accumulate<Scalar: TensorFloatingPoint>(_ grad: consuming Tensor<Scalar>, into node: GradNode<Scalar>) {
    var g = grad
    g.gradNode = nil
    if g._shape != node.shape {
        g = g.summed(toShape: node.shape)
    }
    // Taken out of the node, `existing` holds the only reference: added in place.
    if var existing = node.grad.take() {
        existing.addInPlace(g)
        node.grad = existing
    } else {
        node.grad = g
    }
}

/// Runs `body` with subnormal floats flushed to zero on this thread (x86 FTZ
/// and DAZ), restoring the previous mode afterwards.
///
/// Subnormals cost about 100 cycles per operation; optimizer moments of units
/// whose gradient is exactly zero decay into that range and slowed DQN runs
/// 2–3×. Values below ~1.2e-38 (Float) become 0, so results can differ from
/// PyTorch's default (which keeps subnormals) in those values only; they stay
/// deterministic. The trainers run inside this scope.
@inlinable
public func withDenormalsFlushedToZero<R>(_ body: () throws -> R) rethrows -> R {
    let saved = swiftlet_enter_flush_denormals()
    defer { swiftlet_restore_floating_point_state(saved) }
    return try body()
}
