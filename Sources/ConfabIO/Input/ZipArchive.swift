import ConfabModel
import CZlib
import CZstd
import Foundation

/// A read-only zip reader for Inspect `.eval` logs: the central directory (zip64 too), and
/// entries stored, deflated or zstd-compressed (method 93). Reads only the entries asked for.
struct ZipArchive {
  struct Entry {
    var name: String
    var method: UInt16
    var compressedSize: Int
    var size: Int
    var headerOffset: Int
  }

  struct Failure: Error { var message: String }

  let fd: Int32
  private(set) var entries: [Entry] = []

  init(fd: Int32) throws(Failure) {
    self.fd = fd
    var info = stat()
    fstat(fd, &info)
    let size = Int(info.st_size)
    guard size >= 22 else { throw Failure(message: "not a zip archive (too short)") }
    let tailLength = min(size, 65_557)
    let tail = try read(at: size - tailLength, count: tailLength)
    guard let eocd = (0...(tail.count - 22)).reversed().first(where: { (try? tail.u32(checked: $0)) == 0x0605_4B50 }) else {
      throw Failure(message: "not a zip archive (no end of central directory)")
    }
    var count = Int(try tail.u16(checked: eocd + 10))
    var directoryOffset = Int(try tail.u32(checked: eocd + 16))
    if directoryOffset == 0xFFFF_FFFF || count == 0xFFFF, eocd >= 20, (try? tail.u32(checked: eocd - 20)) == 0x0706_4B50 {
      let zip64 = try read(at: Int(clamping: try tail.u64(checked: eocd - 20 + 8)), count: 56)
      guard try zip64.u32(checked: 0) == 0x0606_4B50 else { throw Failure(message: "bad zip64 end of central directory") }
      count = Int(clamping: try zip64.u64(checked: 32))
      directoryOffset = Int(clamping: try zip64.u64(checked: 48))
    }
    let directoryEnd = size - tailLength + eocd
    guard directoryOffset <= directoryEnd, count <= 1_000_000 else { throw Failure(message: "corrupt central directory") }
    let directory = try read(at: directoryOffset, count: directoryEnd - directoryOffset)
    var cursor = 0
    for _ in 0..<count {
      guard try directory.u32(checked: cursor) == 0x0201_4B50 else { throw Failure(message: "corrupt central directory") }
      let method = try directory.u16(checked: cursor + 10)
      var compressed = Int(try directory.u32(checked: cursor + 20))
      var uncompressed = Int(try directory.u32(checked: cursor + 24))
      let nameLength = Int(try directory.u16(checked: cursor + 28))
      let extraLength = Int(try directory.u16(checked: cursor + 30))
      let commentLength = Int(try directory.u16(checked: cursor + 32))
      var offset = Int(try directory.u32(checked: cursor + 42))
      let name = String(decoding: try directory.slice(checked: cursor + 46, count: nameLength), as: UTF8.self)
      // zip64 extra field: the 0xFFFFFFFF fields follow in order.
      var extra = cursor + 46 + nameLength
      let extraEnd = extra + extraLength
      while extra + 4 <= extraEnd {
        let tag = try directory.u16(checked: extra)
        let length = Int(try directory.u16(checked: extra + 2))
        if tag == 0x0001 {
          var field = extra + 4
          if uncompressed == 0xFFFF_FFFF { uncompressed = Int(clamping: try directory.u64(checked: field)); field += 8 }
          if compressed == 0xFFFF_FFFF { compressed = Int(clamping: try directory.u64(checked: field)); field += 8 }
          if offset == 0xFFFF_FFFF { offset = Int(clamping: try directory.u64(checked: field)) }
        }
        extra += 4 + length
      }
      guard compressed >= 0, uncompressed >= 0, offset >= 0, compressed <= size, uncompressed < 1 << 36 else {
        throw Failure(message: "\(name): impossible sizes in the central directory")
      }
      entries.append(Entry(name: name, method: method, compressedSize: compressed, size: uncompressed, headerOffset: offset))
      cursor = extraEnd + commentLength
    }
  }

  func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

  /// The most one entry may inflate to: an Inspect sample is megabytes; a header claiming more
  /// is not believed (it would be an allocation, not data).
  static let maxEntryBytes = 1 << 30

  /// The most `compressed` bytes of `method` can produce: deflate's ratio is at most 1032:1;
  /// zstd's RLE blocks reach about 32768:1.
  static func ceiling(method: UInt16, compressed: Int) -> Int {
    let ratio = method == 8 ? 1032 : method == 93 ? 32768 : 1
    return compressed.multipliedReportingOverflow(by: ratio).overflow ? Int.max : compressed * ratio + 1024
  }

  /// The entry's uncompressed bytes.
  func contents(_ entry: Entry) throws(Failure) -> [UInt8] {
    let possible = Self.ceiling(method: entry.method, compressed: entry.compressedSize)
    guard entry.size <= possible else {
      throw Failure(message: "\(entry.name): claims \(entry.size) bytes from \(entry.compressedSize) compressed, more than the data can hold")
    }
    guard entry.size <= Self.maxEntryBytes else {
      throw Failure(message: "\(entry.name): \(entry.size) bytes uncompressed, over the \(Self.maxEntryBytes >> 20) MiB an entry may hold")
    }
    let header = try read(at: entry.headerOffset, count: 30)
    guard try header.u32(checked: 0) == 0x0403_4B50 else { throw Failure(message: "\(entry.name): bad local header") }
    let dataOffset = entry.headerOffset + 30 + Int(try header.u16(checked: 26)) + Int(try header.u16(checked: 28))
    let compressed = try read(at: dataOffset, count: entry.compressedSize)
    switch entry.method {
    case 0:
      return compressed
    case 8:
      return try inflate(compressed, size: entry.size, name: entry.name)
    case 93:
      var output = [UInt8](repeating: 0, count: max(entry.size, 1))
      let result = output.withUnsafeMutableBytes { out in
        compressed.withUnsafeBytes { input in ZSTD_decompress(out.baseAddress, out.count, input.baseAddress, input.count) }
      }
      if ZSTD_isError(result) != 0 {
        throw Failure(message: "\(entry.name): zstd: \(String(cString: ZSTD_getErrorName(result)))")
      }
      return Array(output[0..<result])
    default:
      throw Failure(message: "\(entry.name): unsupported compression method \(entry.method)")
    }
  }

  private func inflate(_ input: [UInt8], size: Int, name: String) throws(Failure) -> [UInt8] {
    var output = [UInt8](repeating: 0, count: max(size, 1))
    var stream = z_stream()
    guard czlib_inflate_init_raw(&stream) == Z_OK else { throw Failure(message: "\(name): inflate init failed") }
    defer { inflateEnd(&stream) }
    var input = input
    let status = input.withUnsafeMutableBytes { inBuffer in
      output.withUnsafeMutableBytes { outBuffer in
        stream.next_in = inBuffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_in = uInt(inBuffer.count)
        stream.next_out = outBuffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(outBuffer.count)
        return CZlib.inflate(&stream, Z_FINISH)
      }
    }
    guard status == Z_STREAM_END || (status == Z_OK && size == 0) else { throw Failure(message: "\(name): corrupt deflate data") }
    return Array(output[0..<Int(stream.total_out)])
  }

  private func read(at offset: Int, count: Int) throws(Failure) -> [UInt8] {
    var info = stat()
    fstat(fd, &info)
    // Never allocate more than the file holds past `offset`, whatever a header says.
    guard offset >= 0, count >= 0, count <= Int(info.st_size) - offset else { throw Failure(message: "truncated zip archive") }
    var bytes = [UInt8](repeating: 0, count: count)
    let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
    guard got == count else { throw Failure(message: "truncated zip archive") }
    return bytes
  }
}

/// Little-endian reads that fail, rather than trap, past the end (zip data is untrusted).
extension Array where Element == UInt8 {
  func u16(checked at: Int) throws(ZipArchive.Failure) -> UInt16 {
    guard at >= 0, at + 2 <= count else { throw ZipArchive.Failure(message: "truncated zip structure") }
    return UInt16(self[at]) | UInt16(self[at + 1]) << 8
  }
  func u32(checked at: Int) throws(ZipArchive.Failure) -> UInt32 {
    UInt32(try u16(checked: at)) | UInt32(try u16(checked: at + 2)) << 16
  }
  func u64(checked at: Int) throws(ZipArchive.Failure) -> UInt64 {
    UInt64(try u32(checked: at)) | UInt64(try u32(checked: at + 4)) << 32
  }
  func slice(checked at: Int, count length: Int) throws(ZipArchive.Failure) -> ArraySlice<UInt8> {
    guard at >= 0, length >= 0, at + length <= count else { throw ZipArchive.Failure(message: "truncated zip structure") }
    return self[at..<(at + length)]
  }
}
