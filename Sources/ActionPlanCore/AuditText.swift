import Foundation
import ActionPlanModel

extension AuditEvent {
    /// The kind of record the event is about; nil for one this build does not know.
    public var kind: AuditEntity? { AuditEntity(rawValue: entity) }

    /// True for the creation of a whole row, false for its removal or a changed column.
    public var isCreation: Bool { field == "*" && oldValue == nil }
    /// True for the removal of a whole row.
    public var isRemoval: Bool { field == "*" && oldValue != nil }
    /// True for a column the store keeps up to date itself (a version, a last-changed stamp):
    /// kept in the audit trail, left out of a history a person reads.
    public var isBookkeeping: Bool { kind?.isBookkeeping(column: field) ?? false }

    /// Who made the change as a history shows it: the name given, and the operating-system
    /// account that ran the command when the two differ ("alice (account bob)").
    public var byline: String {
        guard let account, account != who else { return who }
        return "\(who) (account \(account))"
    }

    /// What the event did, in a person's words: "status: Not started → In progress",
    /// "created action 12", "note: Audit tool agreed". One line: a note's newlines are shown
    /// as spaces. The wording of every history (`history`, the terminal UI) comes from here.
    public var changeText: String {
        if field == "*" {
            if entity == AuditEntity.note.rawValue, let text = RecordSnapshot.values(newValue ?? oldValue)?["text"] ?? nil {
                return (isCreation ? "note: " : "note removed: ") + AuditEvent.oneLine(text)
            }
            return (isCreation ? "created " : "removed ") + "\(entity) \(entityId)"
        }
        let (label, display) = kind?.describe(column: field) ?? (field, { $0 })
        let shown: (String?) -> String = { $0.map { AuditEvent.oneLine(display($0)) } ?? "—" }
        return "\(label): \(shown(oldValue)) → \(shown(newValue))"
    }

    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
