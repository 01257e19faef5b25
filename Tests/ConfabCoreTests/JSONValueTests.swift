import ConfabIO
import ConfabModel
import ConfabServer
import Testing

@Suite struct JSONValueTests {
  @Test func walksObjectsArraysAndScalars() throws {
    let text = #"{"a": 1, "b": [true, null, -2.5, 18446744073709551615, "x\"y\u00e9"], "c": {"d": []}}"#
    try JSONParser().parse(Array(text.utf8)) { root in
      #expect(root.kind == .object)
      #expect(root.keys == ["a", "b", "c"])
      #expect(root["a"]?.int == 1)
      let items = root["b"]!.elements
      #expect(items.count == 5)
      #expect(items[0].bool == true)
      #expect(items[1].isNull)
      #expect(items[2].double == -2.5)
      #expect(items[3].double == 18446744073709551615.0)
      #expect(items[3].int == nil)
      #expect(items[4].string == "x\"yé")
      #expect(root["c"]?["d"]?.elements.isEmpty == true)
      #expect(root["missing"] == nil)
      #expect(root.present("a") != nil)
    }
  }

  @Test func byteArraysRejectOutOfRangeValues() throws {
    try JSONParser().parse(Array(#"[[1, 255], [256], [1.5], "no"]"#.utf8)) { root in
      let lists = root.elements
      #expect(lists[0].byteArray == [1, 255])
      #expect(lists[1].byteArray == nil)
      #expect(lists[2].byteArray == nil)
      #expect(lists[3].byteArray == nil)
    }
  }

  /// The buffer-backed reader agrees with `byteArray`, short and long (past its 64-byte buffer).
  @Test func byteArraysReadWithoutAnArrayAgree() throws {
    let long = "[" + (0..<100).map(String.init).joined(separator: ",") + "]"
    try JSONParser().parse(Array(#"[[], [1, 255], [256], [1.5], "no", \#(long)]"#.utf8)) { root in
      let lists = root.elements
      for list in lists {
        #expect(list.withByteArray { Array($0) } == list.byteArray)
      }
      #expect(lists[0].withByteArray { $0.count } == 0)
      #expect(lists[5].withByteArray { Array($0) } == Array(0..<100))
    }
  }

  static func shown(_ value: JSONValue?) -> String? {
    value.map { value in
      var out = ""
      JSONWriter.value(value, into: &out)
      return out
    }
  }

  /// `element(_:)` finds what `elements` holds at each position, past nested values, and
  /// nothing past the end or in a non-array; `count` is the element count.
  @Test func elementsAreFoundInPlace() throws {
    try JSONParser().parse(Array(#"[["a", -0.5, [["b", -1, 7], ["c", null]], 0, 12, 1, null], [], {"x": [1]}, "s"]"#.utf8)) { root in
      for array in root.elements {
        let all = array.elements
        #expect(array.count == (array.kind == .array ? all.count : array.count))
        for position in 0..<all.count + 2 {
          #expect(Self.shown(array.element(position)) == (position < all.count ? Self.shown(all[position]) : nil))
        }
      }
      let token = root.element(0)!
      #expect(token.element(2)?.element(1)?.element(1)?.isNull == true)
      #expect(token.element(3)?.int == 0 && token.element(4)?.int == 12)
      #expect(token.element(-1) == nil)
      #expect(root.element(2)?.element(0) == nil)
    }
  }

  @Test func reportsInvalidJSON() {
    #expect(throws: JSONParseError.self) {
      try JSONParser().parse(Array(#"{"a": "#.utf8)) { _ in () }
    }
    #expect(throws: JSONParseError.self) {
      try JSONParser().parse(Array(#"{"a": [1,"#.utf8)) { _ in () }
    }
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(throws: JSONParseError.self) {
      try JSONParser().parse(Array(deep.utf8)) { _ in () }
    }
  }
}

@Suite struct JSONDialectTests {
  @Test func bareNonFiniteNumbersParseOutsideStrings() throws {
    let text = #"{"a": NaN, "b": -Infinity, "c": Infinity, "d": "NaN and Infinity stay", "e": [NaN]}"#
    try JSONParser().parse(Array(text.utf8)) { root in
      #expect(root["a"]?.isNull == true)
      #expect(root["b"]?.double == -1e308)
      #expect(root["c"]?.double == 1e308)
      #expect(root["d"]?.string == "NaN and Infinity stay")
      #expect(root["e"]?.elements.first?.isNull == true)
    }
    #expect(Logprob(raw: -1e308).value == nil)
  }
}
