import ActionPlanModel

/// How a person names an action: by its id (`12`) or by its plan and reference (`2/P1.2`), the
/// reference every screen, list and export shows.
public enum ActionReference: Hashable, Sendable, CustomStringConvertible {
    case id(Int64)
    case planRef(planId: Int64, ref: String)

    /// `12`, `#12` or `2/P1.2` (the reference in any case); nil for anything else.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let bare = trimmed.hasPrefix("#") ? String(trimmed.dropFirst()) : trimmed
        if let id = Int64(bare), id > 0 {
            self = .id(id)
            return
        }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let plan = Int64(parts[0]), plan > 0 else { return nil }
        let ref = parts[1].uppercased()
        guard ActionReference.isReference(ref) else { return nil }
        self = .planRef(planId: plan, ref: ref)
    }

    /// A finding reference (letters then digits) and an action number: "P1.2", "AC12.3".
    public static func isReference(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let number = Int(parts[1]), number > 0, !parts[1].hasPrefix("+") else { return false }
        let finding = parts[0]
        guard let firstDigit = finding.firstIndex(where: \.isNumber), firstDigit > finding.startIndex else { return false }
        return finding[..<firstDigit].allSatisfy { $0.isLetter && $0.isASCII }
            && finding[firstDigit...].allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// "12" or "2/P1.2", as a person would type it.
    public var description: String {
        switch self {
        case .id(let id): return String(id)
        case .planRef(let plan, let ref): return "\(plan)/\(ref)"
        }
    }

    /// What a command line says an action argument may be.
    public static let accepted = "an action id (12) or a plan and reference (2/P1.2)"
}

extension PlanStore {
    /// The action a reference names; `StoreError.notFound` when there is none.
    public func action(_ reference: ActionReference) throws -> Action {
        switch reference {
        case .id(let id):
            guard let action = try action(id: id) else { throw StoreError.notFound(entity: "action", id: id) }
            return action
        case .planRef(let planId, let ref):
            guard try plan(id: planId) != nil else { throw StoreError.notFound(entity: "plan", id: planId) }
            guard let action = try action(planId: planId, ref: ref) else {
                throw StoreError.noSuchReference(planId: planId, ref: ref)
            }
            return action
        }
    }
}
