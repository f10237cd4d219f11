import CZlib

/// Thin wrappers over the system zlib (deflate streams and CRC-32) used by the PNG codec.
public enum Zlib {
    /// A zlib stream (RFC 1950) of `data` at `level` 0…9. Cost: one zlib `compress2` call.
    public static func compress(_ data: [UInt8], level: Int32 = 6) -> [UInt8] {
        var destLen = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(destLen))
        let rc = out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { i in
                compress2(o.baseAddress, &destLen, i.baseAddress, uLong(data.count), level)
            }
        }
        precondition(rc == Z_OK, "Zlib.compress: zlib error \(rc)")
        out.removeSubrange(Int(destLen)...)
        return out
    }

    /// Inflates a zlib stream whose output is exactly `expectedSize` bytes; nil if the
    /// stream is corrupt or its size differs.
    public static func decompress(_ data: [UInt8], expectedSize: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: max(expectedSize, 1))
        var destLen = uLong(expectedSize)
        let rc = out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { i in
                uncompress(o.baseAddress, &destLen, i.baseAddress, uLong(data.count))
            }
        }
        guard rc == Z_OK, Int(destLen) == expectedSize else { return nil }
        if expectedSize == 0 { return [] }
        return out
    }

    /// CRC-32 (the PNG/zip polynomial) of `bytes`, continuing from `crc`.
    public static func crc32(_ bytes: ArraySlice<UInt8>, crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { p in
            UInt32(CZlib.crc32(uLong(crc), p.baseAddress, uInt(p.count)))
        }
    }
}
