import ConfabIO
import ConfabModel
import Testing

/// Every file confab keeps of its own follows one XDG rule: the variable when set and not
/// empty, else the home fallback.
@Suite struct ConfabDirectoryTests {
  @Test func eachKindHasItsVariableAndFallback() {
    let set: Environment = ["XDG_CONFIG_HOME": "/c", "XDG_DATA_HOME": "/d", "XDG_CACHE_HOME": "/k", "HOME": "/h"]
    let unset: Environment = ["HOME": "/h"]
    let empty: Environment = ["XDG_CONFIG_HOME": "", "XDG_DATA_HOME": "", "XDG_CACHE_HOME": "", "HOME": "/h"]
    #expect(ConfabDirectory.config.path(environment: set) == "/c/confab")
    #expect(ConfabDirectory.data.path(environment: set) == "/d/confab")
    #expect(ConfabDirectory.cache.path(environment: set) == "/k/confab")
    for environment in [unset, empty] {
      #expect(ConfabDirectory.config.path(environment: environment) == "/h/.config/confab")
      #expect(ConfabDirectory.data.path(environment: environment) == "/h/.local/share/confab")
      #expect(ConfabDirectory.cache.path(environment: environment) == "/h/.cache/confab")
    }
  }

  @Test func theFilesLiveThere() {
    let environment: Environment = ["XDG_CONFIG_HOME": "/c", "XDG_DATA_HOME": "/d", "XDG_CACHE_HOME": "/k", "HOME": "/h"]
    #expect(LexiconLoader.configDirectory(environment: environment) == "/c/confab")
    #expect(LabelSet.path(environment: environment) == "/c/confab/labels.txt")
    #expect(TagStore.defaultPath(environment: environment) == "/d/confab/tags.sqlite")
    #expect(BranchesFile.defaultPath(environment: environment) == "/d/confab/branches.jsonl")
    #expect(LexiconCache.directory(environment: environment) == "/k/confab")
  }
}
