/// A binary min tree over `capacity` leaves in one flat array (the layout of
/// `SumTree`): O(log n) leaf update, O(1) minimum over all leaves. Unset and
/// padding leaves are +∞, so before a replay buffer fills the minimum covers
/// the stored transitions only. Prioritized replay uses it for the largest
/// importance-sampling weight, `(N·min P)^(−β)`.
///
/// Cost: `update` touches `log2 L` nodes (`L` = capacity padded to a power
/// of two); memory `2L` Doubles.
///
/// ```swift
/// var t = MinTree(capacity: 3)
/// t.update(0, 2); t.update(2, 0.5)
/// t.minimum                  // 0.5
/// ```
public struct MinTree: Sendable {
    @usableFromInline var tree: SegmentTree<MinReduction>

    public init(capacity: Int) {
        precondition(capacity > 0, "MinTree: capacity \(capacity) must be positive")
        tree = SegmentTree(capacity: capacity)
    }

    /// Leaves in use (indices `0..<capacity`).
    public var capacity: Int { tree.capacity }

    /// Smallest leaf (+∞ when none is set).
    @inlinable
    public var minimum: Double { tree.root }

    /// The value of leaf `index` (+∞ if never set).
    @inlinable
    public subscript(index: Int) -> Double { tree[index] }

    /// Sets leaf `index` to `value` (not NaN) and recomputes its ancestors.
    @inlinable
    public mutating func update(_ index: Int, _ value: Double) {
        precondition(!value.isNaN, "MinTree.update: value is NaN")
        tree.update(index, value)
    }

    /// Replaces all leaves (+∞ for unset ones) and rebuilds bottom-up (O(n)).
    public mutating func setLeaves(_ values: [Double]) { tree.setLeaves(values) }
}
