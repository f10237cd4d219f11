import Foundation

/// The memory a run may plan to use, checked before anything is allocated:
/// each algorithm estimates its networks, optimizer state, buffers and
/// environment copies from its config (`Algorithm.estimatedMemoryBytes`), and
/// building an agent whose estimate exceeds the limit throws
/// `TrainingError.resourceLimit` naming both. This turns `net_arch=[100000,100000]`
/// or `buffer_size=1e12` — typed, or stored in a checkpoint's config — into one
/// clear error instead of an allocation failure.
///
/// The limit is 75% of physical memory unless `SWIFTLET_MAX_MEMORY` says
/// otherwise (bytes, or a number with K, M, G or T), or code sets `limitBytes`.
///
/// ```swift
/// MemoryBudget.limitBytes = 64 * 1024 * 1024 * 1024   // allow 64 GiB
/// ```
public enum MemoryBudget {
    nonisolated(unsafe) private static var override: Double? = nil

    /// The limit in bytes.
    public static var limitBytes: Double {
        get {
            if let override { return override }
            if let text = ProcessInfo.processInfo.environment["SWIFTLET_MAX_MEMORY"], let v = parse(text) { return v }
            return 0.75 * Double(ProcessInfo.processInfo.physicalMemory)
        }
        set { override = newValue }
    }

    /// "16G" → 17179869184; nil for text that is not a positive size.
    public static func parse(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [Character: Double] = ["K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024, "T": 1024 * 1024 * 1024 * 1024]
        var number = Substring(t), scale = 1.0
        if let last = t.last, let u = units[last] { number = t.dropLast(); scale = u }
        if number.hasSuffix("I") == false, let v = Double(number), v.isFinite, v > 0 { return v * scale }
        return nil
    }

    /// Throws `TrainingError.resourceLimit` when `bytes` exceeds the limit.
    public static func check(_ bytes: Double, for what: String) throws {
        let limit = limitBytes
        guard bytes.isFinite, bytes <= limit else {
            throw TrainingError.resourceLimit(reason: "\(what) would need about \(format(bytes)) of memory, more than the "
                + "limit of \(format(limit)) (set SWIFTLET_MAX_MEMORY, e.g. SWIFTLET_MAX_MEMORY=64G, to allow more)")
        }
    }

    /// "1.5 GiB".
    public static func format(_ bytes: Double) -> String {
        guard bytes.isFinite else { return "more than any machine has" }
        if bytes >= 1e20 { return String(format: "%.1e bytes", bytes) }
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var v = bytes, i = 0
        while v >= 1024 && i < units.count - 1 { v /= 1024; i += 1 }
        return i == 0 ? "\(Int(v)) bytes" : String(format: "%.1f %@", v, units[i])
    }

    /// Parameters of an MLP `sizes[0] → … → sizes.last` (weights and biases), in Double (no overflow).
    public static func mlpParameters(_ sizes: [Int]) -> Double {
        zip(sizes, sizes.dropFirst()).reduce(0.0) { $0 + Double($1.0) * Double($1.1) + Double($1.1) }
    }
}
