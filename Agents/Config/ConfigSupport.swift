import Foundation
import Yams

/// Why a configuration could not be built. Every case names the key (and
/// file, where known) so the CLI can print it as one line.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    /// A key that is not a field of the algorithm's config.
    case unknownKey(key: String, algorithm: String, valid: [String])
    /// A value of the wrong type or out of range.
    case badValue(key: String, value: String, expected: String)
    /// The text is not valid YAML/JSON, or not a mapping at the top level.
    case malformed(source: String, message: String)
    /// A `--set` override without `=`.
    case badOverride(String)

    public var description: String {
        switch self {
        case let .unknownKey(key, algo, valid):
            return "unknown \(algo) config key '\(key)' (valid keys: \(valid.joined(separator: ", ")))"
        case let .badValue(key, value, expected):
            return "bad value '\(value)' for config key '\(key)': expected \(expected)"
        case let .malformed(source, message):
            return "malformed config \(source): \(message)"
        case let .badOverride(text):
            return "bad override '\(text)': expected key=value"
        }
    }
}

/// Bounds on config text, checked before it is parsed: a YAML alias bomb
/// (a few hundred bytes that expand to gigabytes), a huge document, or deep
/// nesting is refused with one error instead of exhausting memory.
public enum ConfigLimits {
    /// Largest config file or `--set` value, in bytes.
    public static let maxBytes = 1 << 20
    /// Most YAML aliases (`*name`) a config may use.
    public static let maxAliases = 64
    /// Deepest nesting of blocks, lists and mappings.
    public static let maxDepth = 32
    /// Longest list value (layer sizes).
    public static let maxListLength = 1024

    /// Throws `ConfigError.malformed` naming `source` when `text` is too large,
    /// uses too many aliases or nests too deeply.
    public static func check(_ text: String, source: String) throws {
        let bytes = text.utf8.count
        guard bytes <= maxBytes else {
            throw ConfigError.malformed(source: source, message: "\(bytes) bytes; a config is at most \(maxBytes) bytes")
        }
        var aliases = 0, depth = 0, deepest = 0, previous: Character = "\n"
        var indentDepth = 0, lineStart = true, indent = 0, inQuote: Character? = nil
        for c in text {
            if let q = inQuote { if c == q { inQuote = nil }; previous = c; continue }
            switch c {
            case "\"", "'": inQuote = c
            case "*" where " \t\n[{,:-".contains(previous): aliases += 1
            case "[", "{": depth += 1; deepest = max(deepest, depth + indentDepth)
            case "]", "}": depth = max(0, depth - 1)
            case "\n": lineStart = true; indent = 0
            case " " where lineStart: indent += 1
            default:
                if lineStart { lineStart = false; indentDepth = indent / 2; deepest = max(deepest, depth + indentDepth) }
            }
            previous = c
        }
        guard aliases <= maxAliases else {
            throw ConfigError.malformed(source: source, message: "\(aliases) YAML aliases; a config may use at most \(maxAliases)")
        }
        guard deepest <= maxDepth else {
            throw ConfigError.malformed(source: source, message: "nesting \(deepest) levels deep; a config may nest at most \(maxDepth)")
        }
    }
}

/// A config value after parsing YAML/JSON or a `--set` string.
public enum ConfigValue: Equatable, Sendable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case intList([Int])
    case null

    public var description: String {
        switch self {
        case .int(let v): return "\(v)"
        case .double(let v): return "\(v)"
        case .bool(let v): return "\(v)"
        case .string(let v): return v
        case .intList(let v): return "[" + v.map(String.init).joined(separator: ", ") + "]"
        case .null: return "null"
        }
    }

    /// JSON text of the value.
    var json: String {
        switch self {
        case .int(let v): return "\(v)"
        case .double(let v): return v.isFinite ? "\(v)" : "null"
        case .bool(let v): return "\(v)"
        case .string(let v):
            let escaped = v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        case .intList(let v): return "[" + v.map(String.init).joined(separator: ", ") + "]"
        case .null: return "null"
        }
    }

    /// From a value produced by Yams (Swift scalars) or JSONSerialization (NSNumber).
    init(any: Any?, key: String) throws {
        guard let any, !(any is NSNull) else { self = .null; return }
        if let s = any as? String { self = .string(s); return }
        if let a = any as? [Any] {
            guard a.count <= ConfigLimits.maxListLength else {
                throw ConfigError.badValue(key: key, value: "a list of \(a.count) values",
                                           expected: "a list of at most \(ConfigLimits.maxListLength) integers")
            }
            var out: [Int] = []
            for e in a {
                guard let v = ConfigValue.number(e) else {
                    throw ConfigError.badValue(key: key, value: "\(a)", expected: "a list of integers")
                }
                switch v {
                case .int(let i): out.append(i)
                case .double(let d) where d == d.rounded() && abs(d) < 1e15: out.append(Int(d))
                default: throw ConfigError.badValue(key: key, value: "\(a)", expected: "a list of integers")
                }
            }
            self = .intList(out)
            return
        }
        if let v = ConfigValue.number(any) { self = v; return }
        throw ConfigError.badValue(key: key, value: "\(any)", expected: "a number, boolean, string or list of integers")
    }

    /// Bool/Int/Double from either Swift scalars or a bridged NSNumber.
    static func number(_ any: Any) -> ConfigValue? {
        if type(of: any) == Bool.self { return .bool(any as! Bool) }
        if type(of: any) == Int.self { return .int(any as! Int) }
        if type(of: any) == Double.self { return .double(any as! Double) }
        if let n = any as? NSNumber {
            let t = String(cString: n.objCType)
            if t == "c" || t == "B" { return .bool(n.boolValue) }
            if t == "d" || t == "f" { return .double(n.doubleValue) }
            return .int(n.intValue)
        }
        return nil
    }

    /// From a `--set key=value` string: YAML scalar rules (so `1e-3`, `true`,
    /// `[64, 64]`, `null` all work).
    init(text: String, key: String) throws {
        let parsed: Any?
        do {
            try ConfigLimits.check(text, source: "--set \(key)")
            parsed = try Yams.load(yaml: text)
        } catch let e as ConfigError {
            throw e
        } catch {
            throw ConfigError.badValue(key: key, value: text, expected: "a YAML scalar or list")
        }
        try self.init(any: parsed, key: key)
    }
}

/// One documented field of a config: its SB3/paper name, how to read and
/// write it, and its validation.
///
/// Build fields with the typed constructors (`.int`, `.double`, `.bool`,
/// `.choice`, `.intList`, `.optionalDouble`), or with `init(name:doc:get:set:)`
/// for a value of another shape.
public struct ConfigField<Config>: @unchecked Sendable {
    public let name: String
    public let doc: String
    let get: (Config) -> ConfigValue
    let set: (inout Config, ConfigValue) throws -> Void

    /// A field read by `get` and written by `set` (which throws
    /// `ConfigError.badValue` for a value it rejects).
    public init(name: String, doc: String, get: @escaping (Config) -> ConfigValue,
                set: @escaping (inout Config, ConfigValue) throws -> Void) {
        self.name = name; self.doc = doc; self.get = get; self.set = set
    }

    public static func int(_ name: String, _ kp: WritableKeyPath<Config, Int>, min: Int, _ doc: String) -> ConfigField {
        ConfigField(name: name, doc: doc, get: { .int($0[keyPath: kp]) }) { c, v in
            let i: Int
            switch v {
            case .int(let x): i = x
            case .double(let d) where d == d.rounded() && abs(d) < 1e15: i = Int(d)
            case .string(let s) where Double(s).map({ $0 == $0.rounded() && abs($0) < 1e15 }) == true: i = Int(Double(s)!)
            default: throw ConfigError.badValue(key: name, value: v.description, expected: "an integer ≥ \(min)")
            }
            guard i >= min else { throw ConfigError.badValue(key: name, value: v.description, expected: "an integer ≥ \(min)") }
            c[keyPath: kp] = i
        }
    }

    public static func double(_ name: String, _ kp: WritableKeyPath<Config, Double>, in range: ClosedRange<Double>,
                       _ doc: String) -> ConfigField {
        ConfigField(name: name, doc: doc, get: { .double($0[keyPath: kp]) }) { c, v in
            let expected = "a number in [\(range.lowerBound), \(range.upperBound)]"
            guard let d = v.asDouble, d.isFinite, range.contains(d) else {
                throw ConfigError.badValue(key: name, value: v.description, expected: expected)
            }
            c[keyPath: kp] = d
        }
    }

    public static func optionalDouble(_ name: String, _ kp: WritableKeyPath<Config, Double?>, in range: ClosedRange<Double>,
                               _ doc: String) -> ConfigField {
        ConfigField(name: name, doc: doc, get: { $0[keyPath: kp].map { .double($0) } ?? .null }) { c, v in
            if v == .null { c[keyPath: kp] = nil; return }
            guard let d = v.asDouble, d.isFinite, range.contains(d) else {
                throw ConfigError.badValue(key: name, value: v.description,
                                           expected: "null or a number in [\(range.lowerBound), \(range.upperBound)]")
            }
            c[keyPath: kp] = d
        }
    }

    public static func bool(_ name: String, _ kp: WritableKeyPath<Config, Bool>, _ doc: String) -> ConfigField {
        ConfigField(name: name, doc: doc, get: { .bool($0[keyPath: kp]) }) { c, v in
            switch v {
            case .bool(let b): c[keyPath: kp] = b
            case .string(let s) where ["true", "false"].contains(s.lowercased()): c[keyPath: kp] = s.lowercased() == "true"
            default: throw ConfigError.badValue(key: name, value: v.description, expected: "true or false")
            }
        }
    }

    public static func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ kp: WritableKeyPath<Config, E>,
                                                           _ doc: String) -> ConfigField where E.RawValue == String {
        ConfigField(name: name, doc: doc, get: { .string($0[keyPath: kp].rawValue) }) { c, v in
            guard case .string(let s) = v, let e = E(rawValue: s) else {
                throw ConfigError.badValue(key: name, value: v.description,
                                           expected: "one of " + E.allCases.map(\.rawValue).joined(separator: ", "))
            }
            c[keyPath: kp] = e
        }
    }

    public static func intList(_ name: String, _ kp: WritableKeyPath<Config, [Int]>, _ doc: String) -> ConfigField {
        ConfigField(name: name, doc: doc, get: { .intList($0[keyPath: kp]) }) { c, v in
            guard case .intList(let l) = v, l.allSatisfy({ $0 > 0 }) else {
                throw ConfigError.badValue(key: name, value: v.description, expected: "a list of positive integers, e.g. [64, 64]")
            }
            c[keyPath: kp] = l
        }
    }
}

extension ConfigValue {
    /// The value as a number (integers, doubles and numeric strings), else nil.
    public var asDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s): return Double(s)
        default: return nil
        }
    }
}

/// A learning-rate or clip-range schedule kind (SB3's constant or `lin_` values).
public enum ScheduleKind: String, CaseIterable, Codable, Sendable {
    case constant
    case linear
}

/// Hidden-layer activation.
public enum ActivationKind: String, CaseIterable, Codable, Sendable {
    case tanh
    case relu
}

/// What every algorithm config provides: a table of documented fields with
/// SB3 names, from which YAML/JSON loading, `--set` overrides, Codable and
/// the resolved-config dump are derived.
public protocol AgentConfig: Codable, Equatable, Sendable {
    /// The algorithm's registered name ("ppo", "dqn", "a2c", …), used in
    /// error messages and the resolved-config header.
    static var algorithm: String { get }
    /// The trainer's settings (steps, evaluation, logging, checkpoints),
    /// shared by every algorithm; list their keys with
    /// `TrainerConfig.leadingFields(\.trainer)` and `trailingFields(\.trainer)`.
    var trainer: TrainerConfig { get set }
    /// The fields, in the order they are written out.
    static var fields: [ConfigField<Self>] { get }
    /// SB3's defaults.
    init()
    /// Checks across fields (each field is checked when set).
    func validate() throws
    /// Applies one value; `special` keys (e.g. `learning_rate: lin_1e-3`) are handled here.
    mutating func setSpecial(key: String, value: ConfigValue) throws -> Bool
}

extension AgentConfig {
    public mutating func setSpecial(key: String, value: ConfigValue) throws -> Bool { false }
    public func validate() throws {}

    /// `trainer.nTimesteps`.
    public var nTimesteps: Int { get { trainer.nTimesteps } set { trainer.nTimesteps = newValue } }
    /// `trainer.evalFreq`.
    public var evalFreq: Int { get { trainer.evalFreq } set { trainer.evalFreq = newValue } }
    /// `trainer.nEvalEpisodes`.
    public var nEvalEpisodes: Int { get { trainer.nEvalEpisodes } set { trainer.nEvalEpisodes = newValue } }
    /// `trainer.logInterval`.
    public var logInterval: Int { get { trainer.logInterval } set { trainer.logInterval = newValue } }
    /// `trainer.checkpointFreq`.
    public var checkpointFreq: Int { get { trainer.checkpointFreq } set { trainer.checkpointFreq = newValue } }
    /// `trainer.stopRewardThreshold`.
    public var stopRewardThreshold: Double? {
        get { trainer.stopRewardThreshold } set { trainer.stopRewardThreshold = newValue }
    }

    /// Names of all keys, in order.
    public static var keys: [String] { fields.map(\.name) }

    /// Sets one key from a parsed value; unknown keys and bad values throw.
    public mutating func set(_ key: String, _ value: ConfigValue) throws {
        if try setSpecial(key: key, value: value) { return }
        guard let f = Self.fields.first(where: { $0.name == key }) else {
            throw ConfigError.unknownKey(key: key, algorithm: Self.algorithm, valid: Self.keys)
        }
        try f.set(&self, value)
    }

    /// The value of one key.
    public func value(of key: String) -> ConfigValue? {
        Self.fields.first(where: { $0.name == key })?.get(self)
    }

    /// Applies a mapping (from YAML or JSON) on top of this config.
    public func applying(mapping: [String: Any]) throws -> Self {
        var c = self
        for key in mapping.keys.sorted() {
            try c.set(key, try ConfigValue(any: mapping[key], key: key))
        }
        try c.validate()
        return c
    }

    /// Applies `--set key=value` overrides (values in YAML scalar syntax).
    ///
    /// ```swift
    /// let c = try PPOConfig.preset(for: "CartPole-v1").applying(overrides: ["learning_rate": "1e-3"])
    /// ```
    public func applying(overrides: [String: String]) throws -> Self {
        var c = self
        for key in overrides.keys.sorted() {
            try c.set(key, try ConfigValue(text: overrides[key]!, key: key))
        }
        try c.validate()
        return c
    }

    /// Applies overrides given as `key=value` strings, in order.
    public func applying(assignments: [String]) throws -> Self {
        var dict: [String: String] = [:]
        for a in assignments {
            guard let eq = a.firstIndex(of: "="), eq != a.startIndex else { throw ConfigError.badOverride(a) }
            dict[String(a[..<eq])] = String(a[a.index(after: eq)...])
        }
        return try applying(overrides: dict)
    }

    /// Parses YAML (JSON is valid YAML too) on top of `base` (defaults: SB3's).
    /// `source` names the file in errors.
    public init(yaml text: String, base: Self = Self(), source: String = "<string>") throws {
        let loaded: Any?
        try ConfigLimits.check(text, source: source)
        do { loaded = try Yams.load(yaml: text) } catch {
            throw ConfigError.malformed(source: source, message: "\(error)")
        }
        if loaded == nil { self = base; try validate(); return }
        guard let mapping = loaded as? [String: Any] else {
            throw ConfigError.malformed(source: source, message: "the top level must be a mapping of keys to values")
        }
        self = try base.applying(mapping: mapping)
    }

    /// Parses a JSON object.
    public init(json data: Data, base: Self = Self(), source: String = "<json>") throws {
        guard data.count <= ConfigLimits.maxBytes else {
            throw ConfigError.malformed(source: source, message: "\(data.count) bytes; a config is at most \(ConfigLimits.maxBytes) bytes")
        }
        let obj: Any
        do { obj = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw ConfigError.malformed(source: source, message: "\(error.localizedDescription)")
        }
        guard let mapping = obj as? [String: Any] else {
            throw ConfigError.malformed(source: source, message: "the top level must be a JSON object")
        }
        self = try base.applying(mapping: mapping)
    }

    /// Loads a `.json`, `.yml` or `.yaml` file.
    public init(contentsOf url: URL, base: Self = Self()) throws {
        let data = try UserFile.readConfig(url.path, maxBytes: ConfigLimits.maxBytes)
        if url.pathExtension.lowercased() == "json" {
            try self.init(json: data, base: base, source: url.path)
        } else {
            try self.init(yaml: String(decoding: data, as: UTF8.self), base: base, source: url.path)
        }
    }

    /// The resolved config as ordered YAML with each key's documentation as a comment.
    public var yamlString: String {
        var s = "# \(Self.algorithm.uppercased()) config (SB3 names)\n"
        for f in Self.fields { s += "\(f.name): \(f.get(self).json)  # \(f.doc)\n" }
        return s
    }

    /// The resolved config as a one-line JSON object, keys in field order.
    public var jsonString: String {
        "{" + Self.fields.map { "\"\($0.name)\": \($0.get(self).json)" }.joined(separator: ", ") + "}"
    }
}

/// Dynamic coding key for the field-table Codable conformance.
struct ConfigCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension AgentConfig {
    /// Codable through the field table (unknown keys are errors, as in YAML):
    /// a config implements `init(from:)` as `self = try Self.decodeFields(from: decoder)`
    /// and `encode(to:)` as `try encodeFields(to: encoder)`.
    public func encodeFields(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ConfigCodingKey.self)
        for f in Self.fields {
            let k = ConfigCodingKey(stringValue: f.name)
            switch f.get(self) {
            case .int(let v): try c.encode(v, forKey: k)
            case .double(let v): try c.encode(v, forKey: k)
            case .bool(let v): try c.encode(v, forKey: k)
            case .string(let v): try c.encode(v, forKey: k)
            case .intList(let v): try c.encode(v, forKey: k)
            case .null: try c.encodeNil(forKey: k)
            }
        }
    }

    public static func decodeFields(from decoder: Decoder) throws -> Self {
        let c = try decoder.container(keyedBy: ConfigCodingKey.self)
        var out = Self()
        for k in c.allKeys {
            let v: ConfigValue
            if try c.decodeNil(forKey: k) { v = .null }
            else if let b = try? c.decode(Bool.self, forKey: k) { v = .bool(b) }
            else if let i = try? c.decode(Int.self, forKey: k) { v = .int(i) }
            else if let d = try? c.decode(Double.self, forKey: k) { v = .double(d) }
            else if let s = try? c.decode(String.self, forKey: k) { v = .string(s) }
            else if let l = try? c.decode([Int].self, forKey: k) { v = .intList(l) }
            else { throw ConfigError.badValue(key: k.stringValue, value: "?", expected: "a scalar or list of integers") }
            try out.set(k.stringValue, v)
        }
        try out.validate()
        return out
    }
}
