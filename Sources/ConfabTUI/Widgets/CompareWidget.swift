import ConfabModel

/// The compare view: the fork tree of a prompt's samples over the whole body, and the fork
/// under the cursor below it (its branches with their probabilities and sample counts, and
/// the listed mass no sample took).
struct CompareWidget {
  let compare: CompareState?
  let theme: Theme

  /// Rows the tree gets in an area this tall (the header and the fork panel take the rest).
  static func treeHeight(_ height: Int) -> Int { max(1, height - 5) }

  func render(in area: Rect, _ buffer: inout Buffer) {
    guard let compare, !area.isEmpty else { return }
    buffer.fill(area)
    let group = compare.group
    let title = "─ compare · \(Printable.escaped(group.title)) · \(group.tokens.count) samples · \(compare.forks.count) fork"
      + (compare.forks.count == 1 ? "" : "s") + " "
    buffer.put(Self.rule(title, width: area.width), x: area.x, y: area.y, style: theme.title, clip: area)
    let labelWidth = min(18, (group.labels.map(DisplayWidth.of).max() ?? 2) * min(3, group.tokens.count) + 2)
    let treeRows = Self.treeHeight(area.height)
    for (offset, row) in compare.rows.dropFirst(compare.scroll).prefix(treeRows).enumerated() {
      let index = compare.scroll + offset
      let y = area.y + 1 + offset
      let line = self.line(row, group: group, labelWidth: labelWidth, width: area.width)
      buffer.put(line, x: area.x, y: y, style: index == compare.cursor ? theme.selectedRow : .plain, clip: area)
    }
    let panelY = area.y + 1 + treeRows
    guard panelY < area.maxY else { return }
    let fork = compare.currentFork
    let heading = fork.map { "─ fork at token \($0.tokenIndex + 1) after “\(Printable.escaped(String($0.prefix.suffix(40))))” " }
      ?? "─ the shared start: move to a branch (j/k, f/F) to see its fork "
    buffer.put(Self.rule(heading, width: area.width), x: area.x, y: panelY, style: theme.title, clip: area)
    guard let fork else { return }
    var details = fork.branches.map { branch in
      let token = branch.token.map { "“" + Printable.escaped($0) + "”" } ?? "(ends)"
      return "\(token) p \(branch.p.map(Format.probability) ?? "?") ×\(branch.samples)"
    }
    if let unsampled = fork.unsampledMass { details.append("listed, never sampled: \(Format.probability(unsampled))") }
    var y = panelY + 1
    var text = " "
    for detail in details {
      if DisplayWidth.of(text + detail) > area.width - 1, text != " " {
        guard y < area.maxY else { return }
        buffer.put(text, x: area.x, y: y, clip: area)
        y += 1
        text = " "
      }
      text += detail + " · "
    }
    if y < area.maxY { buffer.put(String(text.dropLast(3)), x: area.x, y: y, clip: area) }
  }

  /// A heading followed by a rule to the edge.
  static func rule(_ heading: String, width: Int) -> String {
    heading + String(repeating: "─", count: max(0, width - DisplayWidth.of(heading)))
  }

  private func line(_ row: CompareRow, group: CompareGroup, labelWidth: Int, width: Int) -> String {
    let names = row.samples.count > 3 ? "\(row.samples.count) of \(group.labels.count)" : row.samples.map { group.labels[$0] }.joined(separator: " ")
    let text = Printable.escaped(row.text.showingNewlines())
    guard row.fork != nil else {
      return " " + DisplayWidth.pad("all", to: labelWidth) + (text.isEmpty ? "(the samples part at the first token)" : text)
    }
    let indent = row.rails.map { $0 ? "│  " : "   " }.joined()
    let glyph = row.isLast ? "└─ " : "├─ "
    let figure = " " + (row.p.map { "p " + Format.probability($0) } ?? "") + " ×\(row.samples.count)"
    let body = row.ends ? "(ends here)" : text
    let left = " " + indent + glyph + DisplayWidth.pad(names, to: labelWidth)
    let room = max(0, width - DisplayWidth.of(left) - DisplayWidth.of(figure))
    return left + DisplayWidth.pad(DisplayWidth.truncate(body, to: room), to: room) + figure
  }
}

extension String {
  /// Newlines as ⏎, so a branch stays on its row.
  fileprivate func showingNewlines() -> String {
    String(unicodeScalars.map { $0 == "\n" ? "⏎" : Character($0) })
  }
}
