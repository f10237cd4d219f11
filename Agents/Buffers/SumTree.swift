/// A binary sum tree over `capacity` non-negative leaves in one flat array,
/// for proportional prioritized replay: O(log n) leaf update and O(log n)
/// prefix-sum search ("which leaf holds mass `m` of the cumulative sum"),
/// O(1) total.
///
/// Storage: a `SegmentTree` of Double sums (padding leaves 0; each ancestor
/// recomputed as `left + right` on update, so no drift and a rebuilt tree
/// has the saved bits).
///
/// Cost: `update` and `prefixSearch` touch `log2 L` nodes (about 17 for a
/// 100k buffer); memory `2L` Doubles (16 MB for a 1M buffer).
///
/// ```swift
/// var t = SumTree(capacity: 4)
/// t.update(0, 1); t.update(1, 3)
/// t.total                    // 4
/// t.prefixSearch(0.5)        // 0 (mass [0, 1) is leaf 0)
/// t.prefixSearch(2.5)        // 1 (mass [1, 4) is leaf 1)
/// ```
public struct SumTree: Sendable {
    @usableFromInline var tree: SegmentTree<SumReduction>

    public init(capacity: Int) {
        precondition(capacity > 0, "SumTree: capacity \(capacity) must be positive")
        tree = SegmentTree(capacity: capacity)
    }

    /// Leaves in use (indices `0..<capacity`).
    public var capacity: Int { tree.capacity }

    /// Sum of all leaves.
    @inlinable
    public var total: Double { tree.root }

    /// The value of leaf `index`.
    @inlinable
    public subscript(index: Int) -> Double { tree[index] }

    /// The leaves `0..<capacity`, in order (for checkpoints).
    public var leaves: [Double] { tree.leaves }

    /// Sets leaf `index` to `value` (finite, ≥ 0) and recomputes its ancestors.
    @inlinable
    public mutating func update(_ index: Int, _ value: Double) {
        precondition(value >= 0 && value.isFinite, "SumTree.update: value \(value) must be finite and non-negative")
        tree.update(index, value)
    }

    /// Replaces all leaves and rebuilds the inner nodes bottom-up (O(n)).
    public mutating func setLeaves(_ values: [Double]) {
        for v in values {
            precondition(v >= 0 && v.isFinite, "SumTree.setLeaves: value \(v) must be finite and non-negative")
        }
        tree.setLeaves(values)
    }

    /// The leaf whose cumulative-sum interval holds `mass`: the smallest `j`
    /// with `leaf[0] + … + leaf[j] > mass` (for `0 ≤ mass < total`). Never
    /// returns a zero leaf: a descent that rounding would send into an empty
    /// subtree goes to the other child, so `mass` at or past `total` gives the
    /// last non-zero leaf. Precondition: `total > 0`.
    @inlinable
    public func prefixSearch(_ mass: Double) -> Int {
        precondition(tree.root > 0, "SumTree.prefixSearch: the tree is empty (total \(tree.root))")
        let base = tree.leafBase
        return tree.nodes.withUnsafeBufferPointer { n in
            var i = 1
            var m = Swift.max(mass, 0)
            while i < base {
                let l = 2 &* i
                let left = n[l]
                // m ≥ left implies m − left ≥ 0 exactly, so m never goes negative.
                if m < left || !(n[l &+ 1] > 0) {
                    i = l
                } else {
                    m -= left
                    i = l &+ 1
                }
            }
            return i &- base
        }
    }
}
