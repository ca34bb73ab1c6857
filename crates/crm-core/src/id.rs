//! Typed record ids.
//!
//! Every record is identified by a UUIDv7 (time-ordered, so new records sort last and indexes stay
//! compact). Each entity has its own id type so an account id cannot be passed where a contact id
//! is expected. The id keeps its canonical lower-case text form, which is what both databases
//! store (`TEXT`) and what the API shows, so reading and writing it never allocates a conversion.

use uuid::Uuid;

/// Why a string is not a record id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid id (expected a UUID such as 0192f6c4-7b1e-7c3a-9f0e-2d4b5a6c7d8e)")]
pub struct InvalidId;

/// Parses and normalizes a UUID string (any case, hyphenated) into its canonical form.
pub fn canonical_uuid(text: &str) -> Result<String, InvalidId> {
    let uuid = Uuid::try_parse(text).map_err(|_| InvalidId)?;
    // Only the hyphenated form is accepted: braces, URNs and simple forms are refused so an id
    // has exactly one spelling in URLs and bodies.
    if text.len() != 36 {
        return Err(InvalidId);
    }
    Ok(uuid.hyphenated().to_string())
}

/// A new UUIDv7 in canonical text form.
pub fn new_uuid_v7() -> String {
    Uuid::now_v7().hyphenated().to_string()
}

/// Defines a typed id: a newtype over the canonical UUID text with serde, diesel (`Text`),
/// OpenAPI (`string`, `format: uuid`) and `Display`/`FromStr` support.
#[macro_export]
macro_rules! define_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub struct $name(String);

        impl $name {
            /// A fresh, time-ordered id for a record being created.
            pub fn new() -> Self {
                Self($crate::id::new_uuid_v7())
            }

            /// Parses an id from its text form; any case is accepted, the canonical form kept.
            pub fn parse(text: &str) -> Result<Self, $crate::id::InvalidId> {
                $crate::id::canonical_uuid(text).map(Self)
            }

            /// Wraps text read from our own storage, which only ever holds canonical ids.
            pub fn from_trusted(text: String) -> Self {
                Self(text)
            }

            /// The canonical text form.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The canonical text form, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::id::InvalidId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                        utoipa::openapi::KnownFormat::Uuid,
                    )))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, DB>>::to_sql(
                    self.0.as_str(),
                    out,
                )
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                <String as diesel::deserialize::FromSql<diesel::sql_types::Text, DB>>::from_sql(
                    bytes,
                )
                .map(Self)
            }
        }
    };
}

define_id!(
    /// A user of the CRM.
    UserId
);
define_id!(
    /// A business unit: the organization itself (the root) or a unit below it.
    BusinessUnitId
);
define_id!(
    /// A security role: a named set of privileges.
    RoleId
);
define_id!(
    /// The owner of a record: a user (and, once teams own records, a team).
    OwnerId
);
define_id!(
    /// A company the organization does business with.
    AccountId
);
define_id!(
    /// A person, usually at an account.
    ContactId
);
define_id!(
    /// A refresh token (its id; the secret part is only ever stored hashed).
    RefreshTokenId
);
define_id!(
    /// A team of users inside a business unit.
    TeamId
);
define_id!(
    /// An API key (its id; the key itself is only ever stored hashed).
    ApiKeyId
);

define_id!(
    /// A person or company who showed interest, not yet qualified.
    LeadId
);
define_id!(
    /// A potential sale.
    OpportunityId
);
define_id!(
    /// A sales stage of the sales process.
    SalesStageId
);
define_id!(
    /// A company the organization competes with for deals.
    CompetitorId
);
define_id!(
    /// An import of a file of records (a lead list).
    ImportBatchId
);
define_id!(
    /// A value of a picklist (a lead's rating, a disqualification reason, ...).
    PicklistValueId
);
define_id!(
    /// A task, phone call, appointment or email.
    ActivityId
);
define_id!(
    /// A note on a record.
    NoteId
);
define_id!(
    /// A file attached to a note.
    AttachmentId
);
define_id!(
    /// A reusable email with placeholders.
    EmailTemplateId
);
define_id!(
    /// A customer's request for service.
    CaseId
);
define_id!(
    /// A queue that cases wait in until someone works them.
    QueueId
);
define_id!(
    /// A rule that sends incoming cases to a queue.
    RoutingRuleId
);
define_id!(
    /// A service-level policy: response and resolution targets by priority.
    SlaPolicyId
);
define_id!(
    /// A service plan that contracts are made from.
    ContractTemplateId
);
define_id!(
    /// A customer's service contract.
    ContractId
);
define_id!(
    /// A template that gives knowledge articles their sections.
    ArticleTemplateId
);
define_id!(
    /// One version of a knowledge article.
    KnowledgeArticleId
);
define_id!(
    /// A comment on a knowledge article.
    ArticleCommentId
);

impl From<TeamId> for OwnerId {
    fn from(id: TeamId) -> Self {
        OwnerId(id.0)
    }
}

impl From<UserId> for OwnerId {
    fn from(id: UserId) -> Self {
        OwnerId(id.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_canonical_v7_and_time_ordered() {
        let a = AccountId::new();
        let b = AccountId::new();
        assert_eq!(a.as_str().len(), 36);
        assert!(a < b, "UUIDv7 text sorts by creation time");
        let parsed = Uuid::parse_str(a.as_str()).unwrap();
        assert_eq!(parsed.get_version_num(), 7);
    }

    #[test]
    fn parsing_normalizes_case_and_refuses_other_forms() {
        let id = AccountId::parse("0192F6C4-7B1E-7C3A-9F0E-2D4B5A6C7D8E").unwrap();
        assert_eq!(id.as_str(), "0192f6c4-7b1e-7c3a-9f0e-2d4b5a6c7d8e");
        assert!(AccountId::parse("0192f6c47b1e7c3a9f0e2d4b5a6c7d8e").is_err());
        assert!(AccountId::parse("not-an-id").is_err());
        assert!(AccountId::parse("").is_err());
    }

    #[test]
    fn serde_round_trip_validates() {
        let id = ContactId::new();
        let json = serde_json::to_string(&id).unwrap();
        let back: ContactId = serde_json::from_str(&json).unwrap();
        assert_eq!(id, back);
        assert!(serde_json::from_str::<ContactId>("\"nope\"").is_err());
    }
}
