/// The heap block behind a tensor: a header (element count) and the elements,
/// in one allocation. Shared between tensor copies until one of them writes
/// (copy-on-write in `Tensor`).
///
/// The elements start on a 64-byte boundary (one cache line, one AVX-512
/// vector): `ManagedBuffer` puts them 24 bytes into a 16-byte-aligned block,
/// so without the padding every full-vector load and store of the kernels
/// straddles two cache lines (PPO's 64×64 weight gradient ran 14% slower).
@usableFromInline
final class TensorStorage<Element: TensorElement>: ManagedBuffer<Int, Element> {
    /// Elements allocated beyond `count` so that `base` can be rounded up to 64 bytes.
    @inlinable @inline(__always)
    static var alignmentPadding: Int { (64 &+ MemoryLayout<Element>.stride &- 1) / MemoryLayout<Element>.stride }

    /// A block for `count` elements, uninitialized (trivial element types only).
    @inlinable @inline(__always)
    static func allocate(_ count: Int) -> TensorStorage<Element> {
        let buffer = TensorStorage<Element>.create(minimumCapacity: Swift.max(count, 1) &+ alignmentPadding) { _ in count }
        return unsafeDowncast(buffer, to: TensorStorage<Element>.self)
    }

    /// The element base address, 64-byte aligned; stable for the lifetime of this object.
    @inlinable @inline(__always)
    var base: UnsafeMutablePointer<Element> {
        withUnsafeMutablePointerToElements {
            UnsafeMutableRawPointer($0).alignedUp(toMultipleOf: 64).assumingMemoryBound(to: Element.self)
        }
    }

    /// Read through a pointer: `header` is a class property, and reading it
    /// directly outside the standard library costs a dynamic exclusivity
    /// check (`swift_beginAccess`) per read. The count never changes after
    /// `allocate`.
    @inlinable
    var count: Int { withUnsafeMutablePointerToHeader { $0.pointee } }

    @inlinable
    func copy() -> TensorStorage<Element> {
        let c = TensorStorage<Element>.allocate(count)
        c.base.update(from: base, count: count)
        return c
    }
}
