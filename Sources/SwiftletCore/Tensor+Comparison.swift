/// Elementwise comparisons giving `Tensor<Bool>` masks (no gradient), with
/// broadcasting; the pointwise operators `.<`, `.==` … are the standard
/// library's (the ones SIMD types use).
///
/// ```swift
/// let done = (x .> 2.4) .| (x .< -2.4)
/// let clipped = where(done, zeros, x)
/// ```
extension Tensor where Scalar: Comparable {
    @inlinable public static func .< (a: Tensor, b: Tensor) -> Tensor<Bool> { zipMap(a, b, op: "<") { $0 < $1 } }
    @inlinable public static func .<= (a: Tensor, b: Tensor) -> Tensor<Bool> { zipMap(a, b, op: "<=") { $0 <= $1 } }
    @inlinable public static func .> (a: Tensor, b: Tensor) -> Tensor<Bool> { zipMap(a, b, op: ">") { $0 > $1 } }
    @inlinable public static func .>= (a: Tensor, b: Tensor) -> Tensor<Bool> { zipMap(a, b, op: ">=") { $0 >= $1 } }
    @inlinable public static func .< (a: Tensor, s: Scalar) -> Tensor<Bool> { a.map { $0 < s } }
    @inlinable public static func .<= (a: Tensor, s: Scalar) -> Tensor<Bool> { a.map { $0 <= s } }
    @inlinable public static func .> (a: Tensor, s: Scalar) -> Tensor<Bool> { a.map { $0 > s } }
    @inlinable public static func .>= (a: Tensor, s: Scalar) -> Tensor<Bool> { a.map { $0 >= s } }
    @inlinable public static func .< (s: Scalar, a: Tensor) -> Tensor<Bool> { a.map { s < $0 } }
    @inlinable public static func .<= (s: Scalar, a: Tensor) -> Tensor<Bool> { a.map { s <= $0 } }
    @inlinable public static func .> (s: Scalar, a: Tensor) -> Tensor<Bool> { a.map { s > $0 } }
    @inlinable public static func .>= (s: Scalar, a: Tensor) -> Tensor<Bool> { a.map { s >= $0 } }
}

extension Tensor {
    @inlinable public static func .== (a: Tensor, b: Tensor) -> Tensor<Bool> { zipMap(a, b, op: "==") { $0 == $1 } }
    @inlinable public static func .!= (a: Tensor, b: Tensor) -> Tensor<Bool> { zipMap(a, b, op: "!=") { $0 != $1 } }
    @inlinable public static func .== (a: Tensor, s: Scalar) -> Tensor<Bool> { a.map { $0 == s } }
    @inlinable public static func .!= (a: Tensor, s: Scalar) -> Tensor<Bool> { a.map { $0 != s } }
    @inlinable public static func .== (s: Scalar, a: Tensor) -> Tensor<Bool> { a.map { s == $0 } }
    @inlinable public static func .!= (s: Scalar, a: Tensor) -> Tensor<Bool> { a.map { s != $0 } }
}

extension Tensor where Scalar == Bool {
    /// Elementwise and, broadcasting.
    @inlinable public static func .& (a: Tensor, b: Tensor) -> Tensor { zipMap(a, b, op: "and") { $0 && $1 } }
    /// Elementwise or, broadcasting.
    @inlinable public static func .| (a: Tensor, b: Tensor) -> Tensor { zipMap(a, b, op: "or") { $0 || $1 } }
    /// Elementwise not.
    @inlinable public static prefix func .! (a: Tensor) -> Tensor { a.map { !$0 } }
    /// Whether any element is true.
    @inlinable public func any() -> Bool { countWhere { $0 } > 0 }
    /// Whether every element is true.
    @inlinable public func all() -> Bool { countWhere { $0 } == count }
    /// 1 where true, 0 where false, as a floating-point tensor.
    @inlinable public func cast<T: TensorFloatingPoint>(to type: T.Type) -> Tensor<T> { converted { $0 ? 1 : 0 } }
}
