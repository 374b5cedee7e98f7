import Foundation

/// The element tree of an AWS query-protocol answer (CloudWatch's XML results and errors).
/// Only what those documents use is read: elements, text and the five predefined entities;
/// attributes (`xmlns`), declarations and comments are skipped. Not a general XML parser: a
/// document it cannot read yields nil, never a partial tree.
public struct XMLTree: Sendable, Equatable {
    public var name: String
    /// The element's own text, entities replaced and whitespace trimmed.
    public var text: String
    public var children: [XMLTree]

    public init(name: String, text: String = "", children: [XMLTree] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first child named `name`.
    public func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// The children named `name`.
    public func children(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

    /// The first element named `name` at any depth below this one, this one first.
    public func first(_ name: String) -> XMLTree? {
        if self.name == name { return self }
        for child in children { if let found = child.first(name) { return found } }
        return nil
    }

    /// The root element of `data`, or nil when it is not a document this reader understands.
    public static func parse(_ data: Data) -> XMLTree? {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        var scanner = XMLScanner(text: Substring(text))
        return scanner.document()
    }
}

/// One pass over the text, keeping the open elements on a stack.
private struct XMLScanner {
    var text: Substring
    var stack: [XMLTree] = []
    var root: XMLTree?

    mutating func document() -> XMLTree? {
        while !text.isEmpty {
            guard let open = text.firstIndex(of: "<") else {
                guard appendText(text) else { return nil }
                break
            }
            guard appendText(text[..<open]) else { return nil }
            text = text[open...]
            guard tag() else { return nil }
        }
        return stack.isEmpty ? root : nil
    }

    /// Reads one `<…>` at the start of `text`.
    private mutating func tag() -> Bool {
        for (opening, closing) in [("<?", "?>"), ("<!--", "-->"), ("<!", ">")] where text.hasPrefix(opening) {
            guard let end = text.range(of: closing) else { return false }
            text = text[end.upperBound...]
            return true
        }
        guard let end = text.firstIndex(of: ">") else { return false }
        var body = text[text.index(after: text.startIndex)..<end]
        text = text[text.index(after: end)...]
        if body.hasPrefix("/") {
            guard let element = stack.popLast(), element.name == body.dropFirst().trimmingCharacters(in: .whitespaces) else {
                return false
            }
            return close(element)
        }
        let selfClosing = body.hasSuffix("/")
        if selfClosing { body = body.dropLast() }
        let name = String(body.prefix { !$0.isWhitespace })
        guard !name.isEmpty else { return false }
        let element = XMLTree(name: name)
        return selfClosing
            ? close(element)
            : {
                stack.append(element); return true
            }()
    }

    private mutating func close(_ element: XMLTree) -> Bool {
        var element = element
        element.text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !stack.isEmpty else {
            guard root == nil else { return false }
            root = element
            return true
        }
        stack[stack.count - 1].children.append(element)
        return true
    }

    /// Text between tags: kept for the open element; outside the root only whitespace is allowed.
    private mutating func appendText(_ raw: Substring) -> Bool {
        guard !stack.isEmpty else { return raw.allSatisfy(\.isWhitespace) }
        guard let decoded = Self.decodeEntities(raw) else { return false }
        stack[stack.count - 1].text += decoded
        return true
    }

    static func decodeEntities(_ raw: Substring) -> String? {
        guard raw.contains("&") else { return String(raw) }
        let entities = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
        var result = ""
        var rest = raw
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { return nil }
            let name = rest[rest.index(after: amp)..<semicolon]
            if let value = entities[String(name)] {
                result += value
            } else if name.hasPrefix("#"), let scalar = Self.characterReference(name.dropFirst()) {
                result.unicodeScalars.append(scalar)
            } else {
                return nil
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }

    private static func characterReference(_ digits: Substring) -> Unicode.Scalar? {
        let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        return value.flatMap(Unicode.Scalar.init)
    }
}
