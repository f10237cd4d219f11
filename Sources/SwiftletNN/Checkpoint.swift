import Foundation
import SwiftletCore

/// A set of named tensors and string metadata stored in the safetensors
/// format (it opens in Python with `safetensors.torch.load_file`).
///
/// ```swift
/// var ckpt = Checkpoint(metadata: ["config": yamlText])
/// ckpt.store(policy, prefix: "policy.")         // policy.0.weight, …
/// ckpt.store(optimizer, prefix: "optimizer.")   // optimizer.state.0.exp_avg, …
/// try ckpt.write(to: url)                       // atomic
///
/// let loaded = try Checkpoint(contentsOf: url)
/// try loaded.load(into: policy, prefix: "policy.")
/// try loaded.load(into: optimizer, prefix: "optimizer.")
/// ```
///
/// Cost: writing is one buffer of the file size, one `write`, one `fsync`;
/// reading is one `read` and one copy per tensor.
public struct Checkpoint {
    /// Tensors by name.
    public var tensors: [String: StoredTensor]
    /// String metadata (`__metadata__`).
    public var metadata: [String: String]

    public init(tensors: [String: StoredTensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Decodes safetensors bytes, validating the header and every offset.
    /// - Throws: `CheckpointError` naming what is wrong.
    public init(decoding bytes: [UInt8]) throws {
        let (t, m) = try bytes.withUnsafeBytes { try Safetensors.decode($0) }
        self.init(tensors: t, metadata: m)
    }

    /// Reads and decodes a file.
    /// - Throws: `CheckpointError.io` (with the path) or a decoding error.
    public init(contentsOf url: URL) throws {
        try self.init(decoding: AtomicFile.read(url.path))
    }

    /// The safetensors bytes.
    public func encoded() -> [UInt8] { Safetensors.encode(tensors, metadata: metadata) }

    /// Writes atomically: a temporary file in the same directory, fsync,
    /// rename over `url`. A crash never leaves a partial checkpoint at `url`.
    public func write(to url: URL) throws {
        try AtomicFile.write(encoded(), to: url.path)
    }

    /// A floating-point tensor by name, converted to `Scalar`.
    public func tensor<Scalar: TensorFloatingPoint>(_ name: String, as _: Scalar.Type = Scalar.self) throws -> Tensor<Scalar> {
        guard let t = tensors[name] else { throw CheckpointError.missingTensor(name: name) }
        guard let v = t.floatingPoint(as: Scalar.self) else {
            throw CheckpointError.dtypeMismatch(name: name, expected: Scalar.self == Float.self ? "F32" : "F64", found: t.dtype)
        }
        return v
    }

    /// Adds a module's parameters under `prefix + dotted name`.
    public mutating func store<M: Module>(_ module: M, prefix: String = "") {
        for (name, p) in module.namedParameters() { tensors[prefix + name] = StoredTensor(p.value) }
    }

    /// Loads a module's parameters from `prefix + dotted name`, all or
    /// nothing. F32/F64 convert to the module's type. With `strict`, every
    /// tensor whose name starts with `prefix` must be taken by the module
    /// (so give the module and the optimizer different prefixes).
    /// - Throws: `.missingTensor`, `.unexpectedTensor`, `.shapeMismatch`
    ///   (the name and both shapes), `.dtypeMismatch`.
    public func load<M: Module>(into module: M, prefix: String = "", strict: Bool = true) throws {
        var state: [String: Tensor<M.Scalar>] = [:]
        let named = module.namedParameters()
        for (name, p) in named {
            let full = prefix + name
            guard let t = tensors[full] else { throw CheckpointError.missingTensor(name: full) }
            guard let v = t.floatingPoint(as: M.Scalar.self) else {
                throw CheckpointError.dtypeMismatch(name: full, expected: M.Scalar.self == Float.self ? "F32" : "F64", found: t.dtype)
            }
            if v.shape != p.shape { throw CheckpointError.shapeMismatch(name: full, expected: p.shape, found: v.shape) }
            state[name] = v
        }
        if strict {
            let known = Set(named.map { prefix + $0.name })
            if let extra = tensors.keys.filter({ $0.hasPrefix(prefix) && !known.contains($0) }).sorted().first {
                throw CheckpointError.unexpectedTensor(name: extra)
            }
        }
        for (name, p) in named { p.assign(state[name]!) }
    }

    /// Adds an optimizer's state under `prefix` (`optimizer.state.0.exp_avg`, …).
    public mutating func store<O: Optimizer>(_ optimizer: O, prefix: String = "optimizer.") {
        for (name, t) in optimizer.stateDict() { tensors[prefix + name] = t }
    }

    /// Restores an optimizer's state from the tensors under `prefix`.
    /// - Throws: as `Optimizer.loadStateDict`, with names including `prefix`.
    public func load<O: Optimizer>(into optimizer: O, prefix: String = "optimizer.") throws {
        var state: [String: StoredTensor] = [:]
        for (name, t) in tensors where name.hasPrefix(prefix) { state[String(name.dropFirst(prefix.count))] = t }
        do {
            try optimizer.loadStateDict(state)
        } catch let e as CheckpointError {
            throw e.prefixingNames(with: prefix)
        }
    }
}

extension CheckpointError {
    func prefixingNames(with prefix: String) -> CheckpointError {
        switch self {
        case .missingTensor(let n): return .missingTensor(name: prefix + n)
        case .unexpectedTensor(let n): return .unexpectedTensor(name: prefix + n)
        case let .shapeMismatch(n, e, f): return .shapeMismatch(name: prefix + n, expected: e, found: f)
        case let .dtypeMismatch(n, e, f): return .dtypeMismatch(name: prefix + n, expected: e, found: f)
        case let .invalidValue(n, d): return .invalidValue(name: prefix + n, detail: d)
        default: return self
        }
    }
}

extension Module {
    /// Writes this module's parameters as a safetensors file (atomically).
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        var c = Checkpoint(metadata: metadata)
        c.store(self)
        try c.write(to: url)
    }

    /// Loads this module's parameters from a safetensors file written by
    /// `save(to:)` (or by PyTorch's `save_file(model.state_dict())`), and
    /// returns the file's metadata.
    @discardableResult
    public func load(from url: URL, strict: Bool = true) throws -> [String: String] {
        let c = try Checkpoint(contentsOf: url)
        try c.load(into: self, strict: strict)
        return c.metadata
    }
}
