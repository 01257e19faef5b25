import ConfabModel
import Foundation

/// One diagnostic line on stderr, `confab: ` first; text from outside input (paths, server
/// messages, file contents) has its control characters escaped so it cannot drive the terminal.
func warn(_ message: String) {
  FileHandle.standardError.write(Data(("confab: " + Printable.escaped(message) + "\n").utf8))
}
