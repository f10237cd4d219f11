#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exponent handed to libm's `pow` for NumPy's scalar `x ** 2`. NumPy
/// computes `np.float64 ** 2` with C `pow`, which differs from `x * x` in the
/// last bit for about 1 in 1,000 inputs; LLVM would rewrite a literal
/// `pow(x, 2)` into `x * x`, so the exponent comes from a public variable the
/// optimizer cannot see through. Do not change it.
nonisolated(unsafe) public var numpyScalarSquareExponent: Double = 2

/// NumPy's scalar `x ** 2` for `np.float64` (C `pow`).
@inlinable @inline(__always)
func npSquare(_ x: Double) -> Double { pow(x, numpyScalarSquareExponent) }

/// NumPy's scalar `x ** 2` for `np.float32` (C `powf`).
@inlinable @inline(__always)
func npSquare(_ x: Float) -> Float { powf(x, Float(numpyScalarSquareExponent)) }

/// NumPy's `%` for float64 (`npy_divmod`): the sign follows the divisor.
@inlinable @inline(__always)
func npRemainder(_ a: Double, _ b: Double) -> Double {
    var mod = fmod(a, b)
    if b == 0 { return mod }
    if mod != 0 {
        if (b < 0) != (mod < 0) { mod += b }
    } else {
        mod = copysign(0.0, b)
    }
    return mod
}

/// NumPy's float32 `np.sin` / `np.cos` on x86 with FMA (its SIMD
/// Cody–Waite reduction plus minimax polynomials, max 1.49 ULP), which
/// Acrobot's float32 reset observation goes through. Inputs beyond the
/// Cody–Waite range fall back to libm like NumPy does.
public enum NumPyFloat32Trig {
    @usableFromInline
    static func sincos(_ xIn: Float, cosine: Bool) -> Float {
        if xIn.isNaN { return .nan }
        let maxCody: Float = cosine ? 71476.0625 : 117435.992
        if abs(xIn) > maxCody { return cosine ? cosf(xIn) : sinf(xIn) }
        let x = xIn
        var quadrant = x * 0x1.45f306p-1                   // 2/pi
        let magic: Float = 0x1.800000p+23                  // round to nearest integer
        quadrant = (quadrant + magic) - magic
        var r = quadrant.multipliedAdd(-0x1.921fb0p+00, x)  // Cody-Waite pi/2 in three parts
        r = quadrant.multipliedAdd(-0x1.5110b4p-22, r)
        r = quadrant.multipliedAdd(-0x1.846988p-48, r)
        let r2 = r * r
        var c = Float(0x1.98e616p-16).multipliedAdd(r2, -0x1.6c06dcp-10)
        c = c.multipliedAdd(r2, 0x1.55553cp-05)
        c = c.multipliedAdd(r2, -0x1.000000p-01)
        c = c.multipliedAdd(r2, 0x1.000000p+00)
        var s = Float(0x1.7d3bbcp-19).multipliedAdd(r2, -0x1.a06bbap-13)
        s = s.multipliedAdd(r2, 0x1.11119ap-07)
        s = s.multipliedAdd(r2, -0x1.555556p-03)
        s = s.multipliedAdd(r2, 0)
        s = s.multipliedAdd(r, r)
        var iq = Int32(quadrant.rounded(.toNearestOrEven))
        if cosine { iq &+= 1 }
        var result = (iq & 1) == 0 ? s : c
        if (iq & 2) == 2 { result = 0 - result }
        return result
    }

    /// NumPy's `np.cos(np.float32(x))`.
    @inlinable public static func cos(_ x: Float) -> Float { sincos(x, cosine: true) }
    /// NumPy's `np.sin(np.float32(x))`.
    @inlinable public static func sin(_ x: Float) -> Float { sincos(x, cosine: false) }
}

extension Float {
    /// `self * b + c` with one rounding (Highway's `MulAdd(self, b, c)`).
    @usableFromInline @inline(__always)
    func multipliedAdd(_ b: Float, _ c: Float) -> Float { c.addingProduct(self, b) }
}

/// `(sin(x), cos(x))` in one libm call. glibc's `sincos` shares its
/// reduction and kernels with `sin` and `cos` and returns the same bits
/// (checked on 220,000 arguments up to ±1e6), so this keeps NumPy's results
/// at about half the cost.
@inline(__always)
func sinCos(_ x: Double) -> (sin: Double, cos: Double) {
#if canImport(Glibc)
    var s = 0.0, c = 0.0
    glibcSincos(x, &s, &c)
    return (s, c)
#else
    return (sin(x), cos(x))
#endif
}

#if canImport(Glibc)
/// glibc's `sincos` (a GNU extension the Glibc module does not export).
@_silgen_name("sincos")
func glibcSincos(_ x: Double, _ s: UnsafeMutablePointer<Double>, _ c: UnsafeMutablePointer<Double>)
#endif
