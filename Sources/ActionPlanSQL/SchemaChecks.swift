/// The CHECK constraints both backends' schemas share, written from the model's vocabulary.
package enum SchemaChecks {
    /// The values a text column may hold, from the model's own vocabulary.
    package static func oneOf<E: RawRepresentable & CaseIterable>(_ column: String, _ type: E.Type, nullable: Bool = false) -> String
        where E.RawValue == String {
        let list = E.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return nullable ? "(\(column) IS NULL OR \(column) IN (\(list)))" : "\(column) IN (\(list))"
    }
}
