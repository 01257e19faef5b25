import Glibc
import Testing

@testable import ConfabIO

@Suite struct EnvironmentTests {
  // No setenv here: tests run in parallel, and setenv beside another thread's getenv is unsafe.
  @Test func theProcessEnvironmentIsGetenvs() {
    #expect(Environment.process["PATH"] == String(cString: getenv("PATH")))
    #expect(Environment.process["CONFAB_ENVIRONMENT_TEST_UNSET_\(getpid())"] == nil)
  }

  @Test func aFixedSetHoldsOnlyItsOwn() {
    let environment: Environment = ["HOME": "/h", "CONFAB_DB": ""]
    #expect(environment["HOME"] == "/h")
    #expect(environment["CONFAB_DB"] == "")
    #expect(environment["PATH"] == nil)
    #expect(Environment(["A": "1"])["A"] == "1")
  }
}
