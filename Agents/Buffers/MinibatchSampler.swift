import SwiftletCore
import SwiftletNN

/// Seeded minibatch index shuffles for on-policy epochs: each epoch is one
/// permutation of `0..<size` from the generator (Fisher–Yates, `size − 1`
/// draws), cut into consecutive batches of `batchSize`; the last batch is
/// shorter when `batchSize` does not divide `size` (as in SB3).
///
/// ```swift
/// var rng = PCG64(seed: 1)
/// for batch in MinibatchSampler.epoch(size: 256, batchSize: 64, generator: &rng) { … }
/// ```
public enum MinibatchSampler {
    /// The batches of one epoch.
    public static func epoch(size: Int, batchSize: Int, generator: inout PCG64) -> [ArraySlice<Int>] {
        precondition(size > 0 && batchSize > 0, "MinibatchSampler: size \(size) and batchSize \(batchSize) must be positive")
        let perm = generator.permutation(size)
        var out: [ArraySlice<Int>] = []
        var start = 0
        while start < size {
            out.append(perm[start..<Swift.min(start + batchSize, size)])
            start += batchSize
        }
        return out
    }
}
