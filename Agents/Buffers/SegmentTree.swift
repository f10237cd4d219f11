/// How a `SegmentTree` combines two children, and the value of an unset leaf.
public protocol SegmentTreeReduction {
    /// The value of unset and padding leaves (the reduction's identity).
    static var emptyLeaf: Double { get }
    static func combine(_ left: Double, _ right: Double) -> Double
}

/// A complete binary tree over `capacity` Double leaves in one flat array,
/// each inner node the reduction of its two children: the storage shared by
/// `SumTree` and `MinTree`.
///
/// Layout: the leaf count is padded to a power of two `L ≥ capacity`; node 1
/// is the root, node `i` has children `2i` and `2i+1`, leaf `j` is node
/// `L + j`. Every update recomputes each ancestor from its children (no
/// running deltas), so a node depends only on the current leaves: no drift
/// over millions of updates, and a tree rebuilt from saved leaves has the same
/// bits as the one that was saved.
///
/// Cost: `update` touches `log2 L` nodes; `setLeaves` is O(L); memory `2L`
/// Doubles.
public struct SegmentTree<Reduction: SegmentTreeReduction>: Sendable {
    /// Leaves in use (indices `0..<capacity`).
    public let capacity: Int
    /// Padded leaf count: the smallest power of two ≥ `capacity`.
    @usableFromInline let leafBase: Int
    /// `2·leafBase` nodes; node 0 is unused.
    @usableFromInline var nodes: [Double]

    public init(capacity: Int) {
        precondition(capacity > 0, "SegmentTree: capacity \(capacity) must be positive")
        self.capacity = capacity
        var l = 1
        while l < capacity { l &<<= 1 }
        leafBase = l
        nodes = [Double](repeating: Reduction.emptyLeaf, count: 2 &* l)
    }

    /// The reduction over all leaves.
    @inlinable
    public var root: Double { nodes[1] }

    /// The value of leaf `index`.
    @inlinable
    public subscript(index: Int) -> Double {
        precondition(index >= 0 && index < capacity, "SegmentTree: leaf \(index) out of range 0..<\(capacity)")
        return nodes[leafBase &+ index]
    }

    /// The leaves `0..<capacity`, in order (for checkpoints).
    public var leaves: [Double] { Array(nodes[leafBase..<(leafBase &+ capacity)]) }

    /// Sets leaf `index` (in range; callers validate `value`) and recomputes its ancestors.
    @inlinable
    public mutating func update(_ index: Int, _ value: Double) {
        precondition(index >= 0 && index < capacity, "SegmentTree.update: leaf \(index) out of range 0..<\(capacity)")
        let base = leafBase
        nodes.withUnsafeMutableBufferPointer { n in
            var i = base &+ index
            n[i] = value
            i &>>= 1
            while i >= 1 {
                n[i] = Reduction.combine(n[2 &* i], n[2 &* i &+ 1])
                i &>>= 1
            }
        }
    }

    /// Replaces all leaves (`capacity` values) and rebuilds bottom-up (O(n)).
    public mutating func setLeaves(_ values: [Double]) {
        precondition(values.count == capacity, "SegmentTree.setLeaves: \(values.count) values for capacity \(capacity)")
        let base = leafBase
        nodes.withUnsafeMutableBufferPointer { n in
            for j in 0..<base { n[base &+ j] = j < values.count ? values[j] : Reduction.emptyLeaf }
            var i = base &- 1
            while i >= 1 { n[i] = Reduction.combine(n[2 &* i], n[2 &* i &+ 1]); i &-= 1 }
        }
    }
}

/// Sums (`SumTree`): empty leaves are 0.
public enum SumReduction: SegmentTreeReduction {
    public static var emptyLeaf: Double { 0 }
    @inlinable public static func combine(_ left: Double, _ right: Double) -> Double { left + right }
}

/// Minima (`MinTree`): empty leaves are +∞.
public enum MinReduction: SegmentTreeReduction {
    public static var emptyLeaf: Double { .infinity }
    @inlinable public static func combine(_ left: Double, _ right: Double) -> Double { left <= right ? left : right }
}
