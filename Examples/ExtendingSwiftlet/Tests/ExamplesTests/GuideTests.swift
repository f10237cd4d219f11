import Foundation
import Testing

/// The guides in docs/ show these examples' code: every Swift block in them
/// must appear verbatim in the example sources, which CI compiles and tests.
@Suite struct GuideTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func swiftBlocks(_ text: String) -> [String] {
        var blocks: [String] = [], current: [Substring]? = nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```swift" { current = [] }
            else if current != nil, line == "```" { blocks.append(current!.joined(separator: "\n")); current = nil }
            else if current != nil { current!.append(line) }
        }
        return blocks
    }

    @Test(arguments: ["WRITE_AN_ALGORITHM.md", "WRITE_AN_ENVIRONMENT.md"])
    func guideCodeIsTheExamplesCode(_ guide: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("../../docs/\(guide)"), encoding: .utf8)
        var sources = ""
        let files = FileManager.default.enumerator(at: Self.root.appendingPathComponent("Sources"), includingPropertiesForKeys: nil)!
        for case let url as URL in files where url.pathExtension == "swift" {
            sources += try String(contentsOf: url, encoding: .utf8) + "\n"
        }
        let blocks = Self.swiftBlocks(text)
        #expect(blocks.count >= 5)
        for block in blocks {
            #expect(sources.contains(block), "docs/\(guide): a Swift block is not in the examples:\n\(block.prefix(300))")
        }
    }
}
