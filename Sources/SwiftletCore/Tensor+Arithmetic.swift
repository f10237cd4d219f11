import RealModule

/// Broadcasting arithmetic. Each op's forward and backward sit together; the
/// engine reduces broadcast gradients back to each input's shape.
extension Tensor {
    /// Whether an op over these inputs must be recorded (only floating-point
    /// tensors ever carry a graph node).
    @inlinable @inline(__always)
    static func shouldRecord(_ a: Tensor) -> Bool {
        a.gradNode != nil && isGradRecordingEnabled
    }

    /// Whether an op over these inputs must be recorded.
    @inlinable @inline(__always)
    static func shouldRecord(_ a: Tensor, _ b: Tensor) -> Bool {
        (a.gradNode != nil || b.gradNode != nil) && isGradRecordingEnabled
    }
}

extension Tensor where Scalar: TensorFloatingPoint {

    /// Elementwise sum, broadcasting. d/da = g, d/db = g.
    @inlinable
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        var out = a.shape == b.shape ? map2(a, b, Scalar.addKernel) : zipMap(a, b, op: "add") { $0 + $1 }
        if shouldRecord(a, b) {
            out.gradNode = GradNode(op: "add", shape: out.shape, a.gradNode, b.gradNode) { g in
                InputGradients(g, g)
            }
        }
        return out
    }

    /// Elementwise difference, broadcasting. d/da = g, d/db = -g.
    @inlinable
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        var out = a.shape == b.shape ? map2(a, b, Scalar.subKernel) : zipMap(a, b, op: "sub") { $0 - $1 }
        if shouldRecord(a, b) {
            let needB = b.gradNode != nil
            out.gradNode = GradNode(op: "sub", shape: out.shape, a.gradNode, b.gradNode) { g in
                InputGradients(g, needB ? g.map { -$0 } : nil)
            }
        }
        return out
    }

    /// Elementwise product, broadcasting. d/da = g·b, d/db = g·a.
    @inlinable
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        var out = a.shape == b.shape ? map2(a, b, Scalar.mulKernel) : zipMap(a, b, op: "mul") { $0 * $1 }
        if shouldRecord(a, b) {
            let needA = a.gradNode != nil, needB = b.gradNode != nil
            let av = a.detached(), bv = b.detached()
            out.gradNode = GradNode(op: "mul", shape: out.shape, a.gradNode, b.gradNode) { g in
                InputGradients(needA ? (g.shape == bv.shape ? map2(g, bv, Scalar.mulKernel) : zipMap(g, bv) { $0 * $1 }) : nil,
                               needB ? (g.shape == av.shape ? map2(g, av, Scalar.mulKernel) : zipMap(g, av) { $0 * $1 }) : nil)
            }
        }
        return out
    }

    /// Elementwise quotient, broadcasting. d/da = g/b, d/db = -g·a/b².
    @inlinable
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        var out = zipMap(a, b, op: "div") { $0 / $1 }
        if shouldRecord(a, b) {
            let needA = a.gradNode != nil, needB = b.gradNode != nil
            let bv = b.detached(), q = out.detached()
            out.gradNode = GradNode(op: "div", shape: out.shape, a.gradNode, b.gradNode) { g in
                // d/db = -g·(a/b)/b, from the saved quotient.
                InputGradients(needA ? zipMap(g, bv) { $0 / $1 } : nil,
                               needB ? zipMap(zipMap(g, q) { -$0 * $1 }, bv) { $0 / $1 } : nil)
            }
        }
        return out
    }

    /// Negation.
    @inlinable
    public static prefix func - (a: Tensor) -> Tensor {
        var out = a.map { -$0 }
        if shouldRecord(a) {
            out.gradNode = GradNode(op: "neg", shape: out.shape, a.gradNode, nil) { g in InputGradients(g.map { -$0 }) }
        }
        return out
    }

    // MARK: Tensor–scalar

    @inlinable
    public static func + (a: Tensor, s: Scalar) -> Tensor {
        var out = a.map { $0 + s }
        if shouldRecord(a) {
            out.gradNode = GradNode(op: "add", shape: out.shape, a.gradNode, nil) { g in InputGradients(g) }
        }
        return out
    }
    @inlinable public static func + (s: Scalar, a: Tensor) -> Tensor { a + s }
    @inlinable public static func - (a: Tensor, s: Scalar) -> Tensor { a + (-s) }

    @inlinable
    public static func - (s: Scalar, a: Tensor) -> Tensor {
        var out = a.map { s - $0 }
        if shouldRecord(a) {
            out.gradNode = GradNode(op: "sub", shape: out.shape, a.gradNode, nil) { g in InputGradients(g.map { -$0 }) }
        }
        return out
    }

    @inlinable
    public static func * (a: Tensor, s: Scalar) -> Tensor {
        var out = a.map { $0 * s }
        if shouldRecord(a) {
            out.gradNode = GradNode(op: "mul", shape: out.shape, a.gradNode, nil) { g in InputGradients(g.map { $0 * s }) }
        }
        return out
    }
    @inlinable public static func * (s: Scalar, a: Tensor) -> Tensor { a * s }

    @inlinable
    public static func / (a: Tensor, s: Scalar) -> Tensor {
        var out = a.map { $0 / s }
        if shouldRecord(a) {
            out.gradNode = GradNode(op: "div", shape: out.shape, a.gradNode, nil) { g in InputGradients(g.map { $0 / s }) }
        }
        return out
    }

    @inlinable
    public static func / (s: Scalar, a: Tensor) -> Tensor {
        var out = a.map { s / $0 }
        if shouldRecord(a) {
            let av = a.detached(), q = out.detached()
            out.gradNode = GradNode(op: "div", shape: out.shape, a.gradNode, nil) { g in
                InputGradients(zipMap(zipMap(g, q) { -$0 * $1 }, av) { $0 / $1 })
            }
        }
        return out
    }

    @inlinable public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    @inlinable public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    @inlinable public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    @inlinable public static func /= (a: inout Tensor, b: Tensor) { a = a / b }
}
