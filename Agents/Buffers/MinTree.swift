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
    public let capacity: Int
    @usableFromInline let leafBase: Int
    @usableFromInline var nodes: [Double]

    public init(capacity: Int) {
        precondition(capacity > 0, "MinTree: capacity \(capacity) must be positive")
        self.capacity = capacity
        var l = 1
        while l < capacity { l &<<= 1 }
        leafBase = l
        nodes = [Double](repeating: .infinity, count: 2 &* l)
    }

    /// Smallest leaf (+∞ when none is set).
    @inlinable
    public var minimum: Double { nodes[1] }

    /// The value of leaf `index` (+∞ if never set).
    @inlinable
    public subscript(index: Int) -> Double {
        precondition(index >= 0 && index < capacity, "MinTree: leaf \(index) out of range 0..<\(capacity)")
        return nodes[leafBase &+ index]
    }

    /// Sets leaf `index` to `value` and recomputes its ancestors.
    @inlinable
    public mutating func update(_ index: Int, _ value: Double) {
        precondition(index >= 0 && index < capacity, "MinTree.update: leaf \(index) out of range 0..<\(capacity)")
        precondition(!value.isNaN, "MinTree.update: value is NaN")
        let base = leafBase
        nodes.withUnsafeMutableBufferPointer { n in
            var i = base &+ index
            n[i] = value
            i &>>= 1
            while i >= 1 {
                let a = n[2 &* i], b = n[2 &* i &+ 1]
                n[i] = a <= b ? a : b
                i &>>= 1
            }
        }
    }

    /// Replaces all leaves (+∞ for unset ones) and rebuilds bottom-up (O(n)).
    public mutating func setLeaves(_ values: [Double]) {
        precondition(values.count == capacity, "MinTree.setLeaves: \(values.count) values for capacity \(capacity)")
        let base = leafBase
        nodes.withUnsafeMutableBufferPointer { n in
            for j in 0..<base { n[base &+ j] = j < values.count ? values[j] : .infinity }
            var i = base &- 1
            while i >= 1 {
                let a = n[2 &* i], b = n[2 &* i &+ 1]
                n[i] = a <= b ? a : b
                i &-= 1
            }
        }
    }
}
