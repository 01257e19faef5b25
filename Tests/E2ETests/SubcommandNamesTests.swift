import Testing

@testable import confab

/// `confab PATH` opens the explorer without parsing the command line unless PATH is a
/// subcommand's name: the spelled-out list must be the command tree's.
@Suite struct SubcommandNamesTests {
  @Test func theListIsTheCommandTree() {
    let tree = Confab.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    #expect(Confab.subcommandNames.sorted() == tree.sorted())
  }

  @Test func aSubcommandNameIsNoPlainRequest() {
    #expect(ExploreRequest.plain(["confab", "scan"]) == nil)
    #expect(ExploreRequest.plain(["confab", "Sources"])?.paths == ["Sources"])
  }
}
