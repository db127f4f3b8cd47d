//! The association (samordningsförbund): its identity, its members and their statutory parties.

use std::fmt;

use crate::fraction::Fraction;

/// A Swedish organisationsnummer, always held as `NNNNNN-NNNN` with a valid check digit.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OrgNumber(String);

/// Why an organisationsnummer was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrgNumberError {
    /// Not ten digits.
    #[error("ett organisationsnummer har tio siffror, t.ex. 222000-1818")]
    Shape,
    /// The last digit does not match.
    #[error(
        "kontrollsiffran stämmer inte (sista siffran borde vara {expected}); kontrollera numret"
    )]
    CheckDigit {
        /// The check digit the first nine digits call for.
        expected: u32,
    },
    /// The third digit shows a personnummer, not an organisation.
    #[error(
        "tredje siffran ska vara 2 eller högre för en organisation; ett personnummer hör inte hemma här"
    )]
    NotAnOrganisation,
}

/// The Luhn check digit for the given digits (used by personnummer and organisationsnummer).
fn luhn_check_digit(digits: &[u32]) -> u32 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = if i % 2 == 0 { d * 2 } else { *d };
            v / 10 + v % 10
        })
        .sum();
    (10 - sum % 10) % 10
}

impl OrgNumber {
    /// Reads `222000-1818` or `2220001818`.
    pub fn parse(text: &str) -> Result<OrgNumber, OrgNumberError> {
        let text = text.trim();
        let digits: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
        let shape_ok = text.chars().all(|c| c.is_ascii_digit() || c == '-')
            && (text.len() == 10 || (text.len() == 11 && text.as_bytes().get(6) == Some(&b'-')));
        if digits.len() != 10 || !shape_ok {
            return Err(OrgNumberError::Shape);
        }
        if digits[2] < 2 {
            return Err(OrgNumberError::NotAnOrganisation);
        }
        let expected = luhn_check_digit(&digits[..9]);
        if digits[9] != expected {
            return Err(OrgNumberError::CheckDigit { expected });
        }
        let s: String = digits
            .iter()
            .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
            .collect();
        Ok(OrgNumber(format!("{}-{}", &s[..6], &s[6..])))
    }

    /// The number as `NNNNNN-NNNN`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// In JSON an organisationsnummer is its text, `222000-1818`.
impl serde::Serialize for OrgNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// The JSON Schema of an organisationsnummer.
impl schemars::JsonSchema for OrgNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Organisationsnummer".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "pattern": "^[0-9]{6}-[0-9]{4}$" })
    }
}

impl fmt::Display for OrgNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of member, which decides the party it pays with (Finsam law, 5 §).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MemberKind {
    /// Försäkringskassan: pays the state's half, Arbetsförmedlingen's part included.
    Forsakringskassan,
    /// Arbetsförmedlingen: a member, its money paid through Försäkringskassan.
    Arbetsformedlingen,
    /// A region.
    Region,
    /// A municipality.
    Kommun,
}

impl MemberKind {
    /// Every kind with the word the plan file uses for it.
    pub const ALL: [(MemberKind, &'static str); 4] = [
        (MemberKind::Forsakringskassan, "försäkringskassan"),
        (MemberKind::Arbetsformedlingen, "arbetsförmedlingen"),
        (MemberKind::Region, "region"),
        (MemberKind::Kommun, "kommun"),
    ];

    /// The word used in plan files.
    pub fn word(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, w)| w)
    }

    /// Reads the word used in plan files.
    pub fn from_word(word: &str) -> Option<MemberKind> {
        Self::ALL.iter().find(|(_, w)| *w == word).map(|(k, _)| *k)
    }

    /// The party this member pays with.
    pub fn party(self) -> Party {
        match self {
            MemberKind::Forsakringskassan | MemberKind::Arbetsformedlingen => Party::State,
            MemberKind::Region => Party::Region,
            MemberKind::Kommun => Party::Municipalities,
        }
    }
}

/// The three parties of the statutory split: the state half, the region quarter and the
/// municipalities' quarter. Several regions or municipalities count as one party each and
/// share their part by agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Party {
    /// Försäkringskassan and Arbetsförmedlingen: one half.
    State,
    /// The region or regions: one quarter.
    Region,
    /// The municipalities together: one quarter.
    Municipalities,
}

impl Party {
    /// All parties, in the order documents list them.
    pub const ALL: [Party; 3] = [Party::State, Party::Region, Party::Municipalities];

    /// The word a budget line uses to name the party as payer.
    pub fn word(self) -> &'static str {
        match self {
            Party::State => "staten",
            Party::Region => "regionen",
            Party::Municipalities => "kommunerna",
        }
    }

    /// Reads the payer word of a party.
    pub fn from_word(word: &str) -> Option<Party> {
        Self::ALL.into_iter().find(|p| p.word() == word)
    }

    /// The party's part of all member contributions by law: 1/2, 1/4, 1/4.
    pub fn statutory_share(self) -> Fraction {
        match self {
            Party::State => Fraction::new(1, 2),
            Party::Region | Party::Municipalities => Fraction::new(1, 4),
        }
        .unwrap_or(Fraction::ZERO)
    }

    /// How documents name the party.
    pub fn label(self) -> &'static str {
        match self {
            Party::State => "staten (Försäkringskassan och Arbetsförmedlingen)",
            Party::Region => "regionen",
            Party::Municipalities => "kommunerna",
        }
    }
}

/// The people a member appoints to the board: one ordinary member and one deputy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardSeats {
    /// Ordinarie ledamot.
    pub member: Option<String>,
    /// Ersättare.
    pub deputy: Option<String>,
}

/// A member of the association.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// A short key that budget lines use to name the member as payer (`region`, `nora`).
    pub key: String,
    /// The member's name.
    pub name: String,
    /// What kind of body the member is.
    pub kind: MemberKind,
    /// The member's share of all member contributions, when the agreement states one.
    pub share: Option<Fraction>,
    /// The member's board seats, when listed.
    pub board: Option<BoardSeats>,
}

/// The association itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Association {
    /// Its name.
    pub name: String,
    /// Its organisationsnummer, when the document prints it: required only where it
    /// identifies the förbund (an import into a database).
    pub org_number: Option<OrgNumber>,
    /// Its members, in the order the plan lists them.
    pub members: Vec<Member>,
}

impl Association {
    /// The member with the given key.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.key == key)
    }
}

/// Whom a budget line's money comes from: one member, a whole party, or all members together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Payer {
    /// All members together (`alla`): one line "Medlemsavgifter" for the whole contribution,
    /// split by the statute and the stated shares.
    All,
    /// One member, by key.
    Member(String),
    /// A whole party (`staten`, `regionen`, `kommunerna`).
    Party(Party),
}

impl Payer {
    /// Reads a payer: a party word or otherwise a member key.
    pub fn from_word(word: &str) -> Payer {
        if word == Payer::ALL_WORD {
            return Payer::All;
        }
        Party::from_word(word).map_or_else(|| Payer::Member(word.to_owned()), Payer::Party)
    }

    /// The word for all members together.
    pub const ALL_WORD: &'static str = "alla";

    /// The word used in plan files.
    pub fn word(&self) -> &str {
        match self {
            Payer::All => Payer::ALL_WORD,
            Payer::Member(k) => k,
            Payer::Party(p) => p.word(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_numbers_are_checked() {
        assert_eq!(
            OrgNumber::parse("222000-1818").map(|o| o.to_string()),
            Ok("222000-1818".to_owned())
        );
        assert_eq!(
            OrgNumber::parse("2220001818").map(|o| o.to_string()),
            Ok("222000-1818".to_owned())
        );
        assert_eq!(
            OrgNumber::parse("222000-1817"),
            Err(OrgNumberError::CheckDigit { expected: 8 })
        );
        assert_eq!(OrgNumber::parse("222000-181"), Err(OrgNumberError::Shape));
        assert_eq!(OrgNumber::parse("22200-01818"), Err(OrgNumberError::Shape));
        assert_eq!(OrgNumber::parse("222000+1818"), Err(OrgNumberError::Shape));
        // A personnummer (third digit 0 or 1) is not an organisation.
        assert_eq!(
            OrgNumber::parse("811218-9876"),
            Err(OrgNumberError::NotAnOrganisation)
        );
    }

    #[test]
    fn statutory_shares_add_up_to_one() {
        let total = Party::ALL.iter().try_fold(Fraction::ZERO, |acc, p| {
            acc.checked_add(p.statutory_share())
        });
        assert_eq!(total, Some(Fraction::ONE));
    }

    #[test]
    fn payers_are_parties_or_members() {
        assert_eq!(
            Payer::from_word("kommunerna"),
            Payer::Party(Party::Municipalities)
        );
        assert_eq!(Payer::from_word("nora"), Payer::Member("nora".into()));
    }
}
