import RealModule

/// Elementwise math. Backward passes are written from the saved result where
/// that is cheaper (`tanh`, `exp`, `sigmoid`, `sqrt`, `relu`).
extension Tensor where Scalar: TensorFloatingPoint {
    /// `f(g[i], s[i])` over two same-shaped tensors (backward helper).
    @inlinable
    static func map2(_ g: Tensor, _ s: Tensor, _ f: (Scalar, Scalar) -> Scalar) -> Tensor {
        let out = Tensor(uninitializedShape: g.shape)
        let pg = g.storage.base, ps = s.storage.base, po = out.storage.base
        let n = g.count
        var i = 0
        while i < n { po[i] = f(pg[i], ps[i]); i &+= 1 }
        return out
    }

    /// A same-shape kernel `(a, b, out, count)` over two tensors into a new one
    /// (the result shares `a`'s shape array): same-shape arithmetic and backward passes.
    @inlinable @inline(__always)
    static func map2(
        _ g: Tensor, _ s: Tensor,
        _ kernel: (UnsafePointer<Scalar>, UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>, Int) -> Void
    ) -> Tensor {
        let out = Tensor(uninitializedShape: g.shape)
        kernel(g.storage.base, s.storage.base, out.storage.base, g.count)
        return out
    }

    /// Hyperbolic tangent; backward `g·(1 − y²)` from the result.
    ///
    /// Takes `self` as consumed: when no other tensor shares its storage (a
    /// temporary such as `linear(x, …).tanh()`), the result is written over
    /// it in place, with no allocation. Otherwise a new tensor is made, as the
    /// usual copy-on-write rules require.
    @inlinable
    public consuming func tanh() -> Tensor {
        consumingUnary(op: "tanh", Scalar.tanhKernel, backward: Scalar.tanhBackwardKernel)
    }

    /// `max(x, 0)`; backward passes `g` where the result is positive.
    /// Consumes `self` and works in place when its storage is not shared
    /// (as `tanh()`).
    @inlinable
    public consuming func relu() -> Tensor {
        consumingUnary(op: "relu", Scalar.reluKernel, backward: Scalar.reluBackwardKernel)
    }

    /// An activation whose backward is `backward(g, y)` from the result `y`,
    /// written over `self`'s storage when nothing else shares it.
    @inlinable @inline(__always)
    consuming func consumingUnary(
        op: StaticString,
        _ kernel: (UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>, Int) -> Void,
        backward: @escaping (UnsafePointer<Scalar>, UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>, Int) -> Void
    ) -> Tensor {
        let input = gradNode
        gradNode = nil
        if isKnownUniquelyReferenced(&storage) {
            kernel(storage.base, storage.base, storage.count)
        } else {
            let fresh = TensorStorage<Scalar>.allocate(storage.count)
            kernel(storage.base, fresh.base, fresh.count)
            storage = fresh
        }
        if input != nil && isGradRecordingEnabled {
            let s = self
            gradNode = GradNode(op: op, shape: _shape, input, nil) { g in
                InputGradients(Tensor.map2(g, s, backward))
            }
        }
        return self
    }

    /// Logistic sigmoid `1/(1+e^−x)`, stable for large |x|; backward `g·y·(1−y)`.
    @inlinable
    public func sigmoid() -> Tensor {
        var out = map { x -> Scalar in
            if x >= 0 { return 1 / (1 + Scalar.exp(-x)) }
            let e = Scalar.exp(x)
            return e / (1 + e)
        }
        if Tensor.shouldRecord(self) {
            let s = out.detached()
            out.gradNode = GradNode(op: "sigmoid", shape: shape, gradNode, nil) { g in
                InputGradients(Tensor.map2(g, s) { g, y in g * y * (1 - y) })
            }
        }
        return out
    }

    /// `log(1 + e^x)`, linear above 20 as PyTorch's `softplus` (beta 1,
    /// threshold 20); backward `g·σ(x)`.
    @inlinable
    public func softplus() -> Tensor {
        var out = map { x in x > 20 ? x : Scalar.log(onePlus: Scalar.exp(x)) }
        if Tensor.shouldRecord(self) {
            let s = self.detached()
            out.gradNode = GradNode(op: "softplus", shape: shape, gradNode, nil) { g in
                InputGradients(Tensor.map2(g, s) { g, x in
                    if x > 20 { return g }
                    let z = Scalar.exp(x)
                    return g * z / (z + 1)
                 })
            }
        }
        return out
    }

    /// `e^x`; backward `g·y`.
    @inlinable
    public func exp() -> Tensor {
        var out = Tensor(uninitializedShape: shape)
        Scalar.expKernel(storage.base, out.storage.base, count: count)
        if Tensor.shouldRecord(self) {
            let s = out.detached()
            out.gradNode = GradNode(op: "exp", shape: shape, gradNode, nil) { g in
                InputGradients(Tensor.map2(g, s) { g, y in g * y })
            }
        }
        return out
    }

    /// Natural logarithm; backward `g/x`.
    @inlinable
    public func log() -> Tensor {
        var out = Tensor(uninitializedShape: shape)
        Scalar.logKernel(storage.base, out.storage.base, count: count)
        if Tensor.shouldRecord(self) {
            let s = self.detached()
            out.gradNode = GradNode(op: "log", shape: shape, gradNode, nil) { g in
                InputGradients(Tensor.map2(g, s) { g, x in g / x })
            }
        }
        return out
    }

    /// Square root; backward `g/(2y)`.
    @inlinable
    public func sqrt() -> Tensor {
        var out = map { $0.squareRoot() }
        if Tensor.shouldRecord(self) {
            let s = out.detached()
            out.gradNode = GradNode(op: "sqrt", shape: shape, gradNode, nil) { g in
                InputGradients(Tensor.map2(g, s) { g, y in g / (2 * y) })
            }
        }
        return out
    }

    /// `x²`; backward `2·g·x`.
    @inlinable
    public func squared() -> Tensor {
        var out = map { $0 * $0 }
        if Tensor.shouldRecord(self) {
            let s = self.detached()
            out.gradNode = GradNode(op: "square", shape: shape, gradNode, nil) { g in
                InputGradients(Tensor.map2(g, s) { g, x in 2 * g * x })
            }
        }
        return out
    }

    /// `x²` (same as `squared()`); backward `2·g·x`.
    @inlinable
    public func square() -> Tensor { squared() }

    /// Absolute value; backward `g·sign(x)` with sign(0) = 0 (PyTorch).
    @inlinable
    public func abs() -> Tensor {
        var out = map { Swift.abs($0) }
        if Tensor.shouldRecord(self) {
            let s = self.detached()
            out.gradNode = GradNode(op: "abs", shape: shape, gradNode, nil) { g in
                InputGradients(Tensor.map2(g, s) { g, x in x > 0 ? g : (x < 0 ? -g : 0) })
            }
        }
        return out
    }

    /// `x^p` for a constant exponent; backward `g·p·x^(p−1)` (zero for p = 0).
    /// Integral exponents work for negative `x` (as PyTorch); others give NaN there.
    @inlinable
    public func pow(_ p: Scalar) -> Tensor {
        let integral = p.rounded() == p && Swift.abs(p) < 1_073_741_824
        let n = integral ? Int(p) : 0
        var out = map { x -> Scalar in
            if n == 2 && integral { return x * x }
            return integral ? Scalar.pow(x, n) : Scalar.pow(x, p)
        }
        if Tensor.shouldRecord(self) {
            let s = self.detached()
            out.gradNode = GradNode(op: "pow", shape: shape, gradNode, nil) { g in
                InputGradients(Tensor.map2(g, s) { g, x -> Scalar in
                    if p == 0 { return 0 }
                    if integral { return n == 2 ? g * 2 * x : g * p * Scalar.pow(x, n - 1) }
                    return g * p * Scalar.pow(x, p - 1)
                })
            }
        }
        return out
    }

    /// Limits every element to `[min, max]` (either bound optional). The
    /// gradient passes where `min ≤ x ≤ max`, bounds included (PyTorch).
    @inlinable
    public func clamped(min lo: Scalar? = nil, max hi: Scalar? = nil) -> Tensor {
        let l = lo ?? -Scalar.infinity, h = hi ?? Scalar.infinity
        precondition(!(l > h), "clamp: min \(l) is greater than max \(h)")
        var out = map { Swift.min(Swift.max($0, l), h) }
        if Tensor.shouldRecord(self) {
            let s = detached()
            out.gradNode = GradNode(op: "clamp", shape: shape, gradNode, nil) { g in
                InputGradients(Tensor.map2(g, s) { g, x in (x >= l && x <= h) ? g : 0 })
            }
        }
        return out
    }
}

/// Elementwise maximum with broadcasting; at ties each input gets half the
/// gradient (PyTorch's `maximum`).
@inlinable
public func maximum<Scalar: TensorFloatingPoint>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
    minMax(a, b, op: "maximum", isMax: true)
}

/// Elementwise minimum with broadcasting; at ties each input gets half the gradient.
@inlinable
public func minimum<Scalar: TensorFloatingPoint>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
    minMax(a, b, op: "minimum", isMax: false)
}

/// Elementwise maximum with a constant.
@inlinable
public func maximum<Scalar: TensorFloatingPoint>(_ a: Tensor<Scalar>, _ s: Scalar) -> Tensor<Scalar> {
    minMax(a, Tensor(repeating: s, shape: []), op: "maximum", isMax: true)
}

/// Elementwise minimum with a constant.
@inlinable
public func minimum<Scalar: TensorFloatingPoint>(_ a: Tensor<Scalar>, _ s: Scalar) -> Tensor<Scalar> {
    minMax(a, Tensor(repeating: s, shape: []), op: "minimum", isMax: false)
}

@inlinable
func minMax<Scalar: TensorFloatingPoint>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>, op: StaticString,
                                         isMax: Bool) -> Tensor<Scalar> {
    // NaN propagates (either side), as PyTorch.
    var out = Tensor.zipMap(a, b, op: op) { x, y -> Scalar in
        if x.isNaN || y.isNaN { return x + y }
        return isMax ? (x >= y ? x : y) : (x <= y ? x : y)
    }
    if Tensor.shouldRecord(a, b) {
        let av = a.detached(), bv = b.detached()
        let needA = a.gradNode != nil, needB = b.gradNode != nil
        out.gradNode = GradNode(op: op, shape: out.shape, a.gradNode, b.gradNode) { g in
            // Weight for a: 1 where a wins, 1/2 at ties, 0 where b wins.
            let wa = Tensor.zipMap(av, bv) { x, y -> Scalar in
                x == y ? 0.5 : ((isMax ? x > y : x < y) ? 1 : 0)
            }
            return InputGradients(needA ? Tensor.map2(g, wa) { $0 * $1 } : nil,
                                  needB ? Tensor.map2(g, wa) { $0 * (1 - $1) } : nil)
        }
    }
    return out
}

/// Picks `a` where `condition` is true and `b` elsewhere, broadcasting all
/// three; gradients flow to the chosen side only.
@inlinable
public func `where`<Scalar: TensorFloatingPoint>(_ condition: Tensor<Bool>, _ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
    let shape = broadcastShape(broadcastShape(condition.shape, a.shape, op: "where"), b.shape, op: "where")
    let c = condition.expandedValues(to: shape)
    let ea = a.expandedValues(to: shape).detached(), eb = b.expandedValues(to: shape).detached()
    var out = Tensor<Scalar>(uninitializedShape: shape)
    let pc = c.storage.base, pa = ea.storage.base, pb = eb.storage.base, po = out.storage.base
    for i in 0..<out.count { po[i] = pc[i] ? pa[i] : pb[i] }
    if Tensor.shouldRecord(a, b) {
        let needA = a.gradNode != nil, needB = b.gradNode != nil
        out.gradNode = GradNode(op: "where", shape: shape, a.gradNode, b.gradNode) { g in
            InputGradients(needA ? Tensor<Scalar>.zipMap(g, c) { $1 ? $0 : 0 } : nil,
                           needB ? Tensor<Scalar>.zipMap(g, c) { $1 ? 0 : $0 } : nil)
        }
    }
    return out
}

extension Tensor {
    /// The values broadcast to `shape`, materialized (no recording).
    @inlinable
    public func expandedValues(to target: [Int]) -> Tensor {
        if shape == target { return self }
        let full = broadcastShape(shape, target, op: "expand")
        precondition(full == target, "expand: shape \(shape) cannot be expanded to \(target)")
        let out = Tensor(uninitializedShape: target)
        let src = storage.base, dst = out.storage.base
        let s = broadcastStrides(shape, to: target)
        forEachBroadcastRun(target, s, s) { o, ao, _, len, aStep, _ in
            var j = 0, ai = ao
            while j < len { dst[o &+ j] = src[ai]; j &+= 1; ai &+= aStep }
        }
        return out
    }
}
