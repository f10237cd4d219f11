import SwiftletCore
import Testing

/// Tensor elements start on a 64-byte boundary (a cache line, one AVX-512
/// vector) for every element type and size, including scalars and the
/// results of ops, so the kernels' full-vector loads never straddle lines.
@Suite("Tensor storage alignment")
struct TensorStorageTests {
    static func offset<T>(_ t: Tensor<T>) -> Int {
        t.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) % 64 }
    }

    @Test func elementsStartOnA64ByteBoundary() {
        var g = PCG64(seed: 1)
        for n in [1, 2, 3, 7, 16, 17, 100, 1000, 4099] {
            let f = Tensor<Float>.uniform([n], low: -1, high: 1, generator: &g)
            #expect(Self.offset(f) == 0, "Float [\(n)]")
            #expect(Self.offset(f * f + 1) == 0, "Float op result [\(n)]")
            #expect(Self.offset(Tensor<Double>(repeating: 1, shape: [n])) == 0, "Double [\(n)]")
            #expect(Self.offset(Tensor<Int>(repeating: 1, shape: [n])) == 0, "Int [\(n)]")
            #expect(Self.offset(Tensor<UInt8>(repeating: 1, shape: [n])) == 0, "UInt8 [\(n)]")
            #expect(Self.offset(Tensor<Bool>(repeating: true, shape: [n])) == 0, "Bool [\(n)]")
        }
        #expect(Self.offset(Tensor<Float>(shape: [], scalars: [3])) == 0, "scalar")
        // A written copy (copy-on-write) is aligned too, and holds the values.
        let a = Tensor<Float>.uniform([33], low: -1, high: 1, generator: &g)
        var b = a
        b.withUnsafeMutableBufferPointer { $0[0] = 5 }
        #expect(Self.offset(b) == 0)
        #expect(Array(b.scalars.dropFirst()) == Array(a.scalars.dropFirst()) && b.scalars[0] == 5)
    }
}
