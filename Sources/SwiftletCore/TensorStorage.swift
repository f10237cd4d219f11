/// The heap block behind a tensor: a header (element count) and the elements,
/// in one allocation. Shared between tensor copies until one of them writes
/// (copy-on-write in `Tensor`).
@usableFromInline
final class TensorStorage<Element: TensorElement>: ManagedBuffer<Int, Element> {
    /// A block for `count` elements, uninitialized (trivial element types only).
    @inlinable @inline(__always)
    static func allocate(_ count: Int) -> TensorStorage<Element> {
        let buffer = TensorStorage<Element>.create(minimumCapacity: Swift.max(count, 1)) { _ in count }
        return unsafeDowncast(buffer, to: TensorStorage<Element>.self)
    }

    /// The element base address; stable for the lifetime of this object.
    @inlinable @inline(__always)
    var base: UnsafeMutablePointer<Element> {
        withUnsafeMutablePointerToElements { $0 }
    }

    @inlinable
    var count: Int { header }

    @inlinable
    func copy() -> TensorStorage<Element> {
        let c = TensorStorage<Element>.allocate(count)
        c.base.update(from: base, count: count)
        return c
    }
}
