/// A binary sum tree over `capacity` non-negative leaves in one flat array,
/// for proportional prioritized replay: O(log n) leaf update and O(log n)
/// prefix-sum search ("which leaf holds mass `m` of the cumulative sum"),
/// O(1) total.
///
/// Layout: the leaf count is padded to a power of two `L ≥ capacity`; node 1
/// is the root, node `i` has children `2i` and `2i+1`, leaf `j` is node
/// `L + j`. Padding leaves stay 0. Sums are Double. Every update recomputes
/// each ancestor as `left + right` (no running deltas), so a node's value
/// depends only on the current leaves: no drift over millions of updates, and
/// a tree rebuilt from saved leaves (`setLeaves`) has the same bits as the
/// one that was saved.
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
    /// Leaves in use (indices `0..<capacity`).
    public let capacity: Int
    /// Padded leaf count: the smallest power of two ≥ `capacity`.
    @usableFromInline let leafBase: Int
    /// `2·leafBase` nodes; node 0 is unused.
    @usableFromInline var nodes: [Double]

    public init(capacity: Int) {
        precondition(capacity > 0, "SumTree: capacity \(capacity) must be positive")
        self.capacity = capacity
        var l = 1
        while l < capacity { l &<<= 1 }
        leafBase = l
        nodes = [Double](repeating: 0, count: 2 &* l)
    }

    /// Sum of all leaves.
    @inlinable
    public var total: Double { nodes[1] }

    /// The value of leaf `index`.
    @inlinable
    public subscript(index: Int) -> Double {
        precondition(index >= 0 && index < capacity, "SumTree: leaf \(index) out of range 0..<\(capacity)")
        return nodes[leafBase &+ index]
    }

    /// The leaves `0..<capacity`, in order (for checkpoints).
    public var leaves: [Double] { Array(nodes[leafBase..<(leafBase &+ capacity)]) }

    /// Sets leaf `index` to `value` (finite, ≥ 0) and recomputes its ancestors.
    @inlinable
    public mutating func update(_ index: Int, _ value: Double) {
        precondition(index >= 0 && index < capacity, "SumTree.update: leaf \(index) out of range 0..<\(capacity)")
        precondition(value >= 0 && value.isFinite, "SumTree.update: value \(value) must be finite and non-negative")
        let base = leafBase
        nodes.withUnsafeMutableBufferPointer { n in
            var i = base &+ index
            n[i] = value
            i &>>= 1
            while i >= 1 {
                n[i] = n[2 &* i] + n[2 &* i &+ 1]
                i &>>= 1
            }
        }
    }

    /// Replaces all leaves and rebuilds the inner nodes bottom-up (O(n)).
    public mutating func setLeaves(_ values: [Double]) {
        precondition(values.count == capacity, "SumTree.setLeaves: \(values.count) values for capacity \(capacity)")
        for v in values {
            precondition(v >= 0 && v.isFinite, "SumTree.setLeaves: value \(v) must be finite and non-negative")
        }
        let base = leafBase
        nodes.withUnsafeMutableBufferPointer { n in
            for j in 0..<base { n[base &+ j] = j < values.count ? values[j] : 0 }
            var i = base &- 1
            while i >= 1 { n[i] = n[2 &* i] + n[2 &* i &+ 1]; i &-= 1 }
        }
    }

    /// The leaf whose cumulative-sum interval holds `mass`: the smallest `j`
    /// with `leaf[0] + … + leaf[j] > mass` (for `0 ≤ mass < total`). Never
    /// returns a zero leaf: a descent that rounding would send into an empty
    /// subtree goes to the other child, so `mass` at or past `total` gives the
    /// last non-zero leaf. Precondition: `total > 0`.
    @inlinable
    public func prefixSearch(_ mass: Double) -> Int {
        precondition(nodes[1] > 0, "SumTree.prefixSearch: the tree is empty (total \(nodes[1]))")
        let base = leafBase
        return nodes.withUnsafeBufferPointer { n in
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
