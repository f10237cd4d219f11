import ArgumentParser

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "watch", abstract: "(being built)")
    func run() throws { throw CLIError("'watch' is not available yet") }
}
