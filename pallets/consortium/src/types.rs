//! The consortium's types: members and their roles (a clinic with its jurisdiction and name,
//! a researcher or an auditor with their affiliation), a member's status, and node ids.

use crate::pallet::Config;
/// The most members under an emergency suspension at once: emergencies are rare, and each
/// block's check of their ends reads one small value.
pub const MAX_EMERGENCY_SUSPENSIONS: u32 = 16;

/// The longest node identity accepted, in bytes. A libp2p peer id is a multihash: 38 bytes
/// for the Ed25519 network keys Substrate nodes use (the `12D3KooW…` ids), 34 for a SHA-256
/// digest of a longer key.
pub const MAX_NODE_ID_LENGTH: u32 = 64;

/// A node's libp2p peer id as bytes: the base58 `12D3KooW…` text that `ivf-node key
/// inspect-node-key` prints, decoded. Checked by [`is_well_formed_node_id`].
pub type NodeId = BoundedVec<u8, frame_support::traits::ConstU32<MAX_NODE_ID_LENGTH>>;

/// Whether `bytes` has the shape of a libp2p peer id: a multihash whose code is `identity`
/// (0x00, the key itself) or `sha2-256` (0x12), and whose length byte is the length of the
/// rest. It catches the usual mistake of submitting the base58 text as bytes, which can never
/// match a node, before the mistake locks a clinic's node out of the network.
pub fn is_well_formed_node_id(bytes: &[u8]) -> bool {
	match bytes {
		[code, length, digest @ ..] => {
			matches!(code, 0x00 | 0x12)
				&& usize::from(*length) == digest.len()
				&& !digest.is_empty()
		},
		_ => false,
	}
}

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::pallet_prelude::BoundedVec;
use ivf_primitives::{Jurisdiction, RoleKind};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// What a member is in the consortium, with what its role carries.
///
/// `Name` is the type of display and institution names: bounded bytes in storage ([`NameOf`]),
/// plain bytes in a call ([`UncheckedRoleOf`], checked against [`Config::MaxNameLength`] on
/// admission), and text in the [`GenesisConfig`](crate::GenesisConfig), which an operator
/// writes by hand.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role<AccountId, Name> {
	/// A clinic: holds patient data, records consents, registers datasets and donors.
	Clinic {
		/// Where the clinic practises (ISO 3166-1 alpha-2), which decides the law that applies.
		/// Written `"GB"` in the genesis config.
		#[serde(with = "jurisdiction_code")]
		jurisdiction: Jurisdiction,
		/// The clinic's display name, as other members see it.
		name: Name,
	},
	/// A researcher: requests access to datasets and opens training tasks.
	Researcher {
		/// The clinic or institution the researcher works for.
		affiliation: Affiliation<AccountId, Name>,
	},
	/// An auditor or regulator: reads the trail.
	Auditor,
}

/// Whom a researcher works for.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Affiliation<AccountId, Name> {
	/// A member clinic, by its account. It is an active clinic when the researcher is admitted.
	Clinic(AccountId),
	/// An institution outside the consortium (a university, a research institute), by name.
	Institution(Name),
}

impl<AccountId, Name> Role<AccountId, Name> {
	/// The kind of role, as other pallets ask about it.
	pub fn kind(&self) -> RoleKind {
		match self {
			Role::Clinic { .. } => RoleKind::Clinic,
			Role::Researcher { .. } => RoleKind::Researcher,
			Role::Auditor => RoleKind::Auditor,
		}
	}

	/// The name the role carries: a clinic's display name or a researcher's institution.
	pub fn name(&self) -> Option<&Name> {
		match self {
			Role::Clinic { name, .. }
			| Role::Researcher { affiliation: Affiliation::Institution(name) } => Some(name),
			Role::Researcher { affiliation: Affiliation::Clinic(_) } | Role::Auditor => None,
		}
	}

	/// The same role with its name converted by `convert`, or the first conversion error.
	pub fn try_map_name<N, E>(
		self,
		convert: impl FnOnce(Name) -> Result<N, E>,
	) -> Result<Role<AccountId, N>, E> {
		Ok(match self {
			Role::Clinic { jurisdiction, name } => {
				Role::Clinic { jurisdiction, name: convert(name)? }
			},
			Role::Researcher { affiliation: Affiliation::Clinic(clinic) } => {
				Role::Researcher { affiliation: Affiliation::Clinic(clinic) }
			},
			Role::Researcher { affiliation: Affiliation::Institution(name) } => {
				Role::Researcher { affiliation: Affiliation::Institution(convert(name)?) }
			},
			Role::Auditor => Role::Auditor,
		})
	}
}

/// Whether a member may act now.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum MemberStatus {
	/// The member holds the rights of its role.
	Active,
	/// Governance has suspended the member: every other pallet sees a non-member until
	/// governance reinstates it.
	Suspended,
}

/// A member's record: its role and whether it may act.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Membership<AccountId, Name> {
	/// What the member is, with its jurisdiction, names or affiliation.
	pub role: Role<AccountId, Name>,
	/// Whether the member may act now.
	pub status: MemberStatus,
}

/// A display or institution name as stored: at most [`Config::MaxNameLength`] bytes of UTF-8.
pub type NameOf<T> = BoundedVec<u8, <T as Config>::MaxNameLength>;
/// A role as stored.
pub type RoleOf<T> = Role<<T as frame_system::Config>::AccountId, NameOf<T>>;
/// A role as a caller proposes it: names are bytes not yet checked.
pub type UncheckedRoleOf<T> = Role<<T as frame_system::Config>::AccountId, Vec<u8>>;
/// A member's record as stored.
pub type MembershipOf<T> = Membership<<T as frame_system::Config>::AccountId, NameOf<T>>;
/// A member as the genesis config lists it: its account, and its role with names as text.
pub type GenesisMemberOf<T> = (
	<T as frame_system::Config>::AccountId,
	Role<<T as frame_system::Config>::AccountId, alloc::string::String>,
);

/// Reads and writes a [`Jurisdiction`] as its two-letter code (`"GB"`) in the genesis config.
mod jurisdiction_code {
	use super::Jurisdiction;
	use alloc::string::String;
	use serde::{de::Error as _, ser::Error as _, Deserialize, Deserializer, Serializer};

	pub fn serialize<S: Serializer>(
		jurisdiction: &Jurisdiction,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		let code = core::str::from_utf8(&jurisdiction.0)
			.map_err(|_| S::Error::custom("a jurisdiction is two upper-case letters"))?;
		serializer.serialize_str(code)
	}

	pub fn deserialize<'de, D: Deserializer<'de>>(
		deserializer: D,
	) -> Result<Jurisdiction, D::Error> {
		let code = String::deserialize(deserializer)?;
		<[u8; 2]>::try_from(code.as_bytes())
			.ok()
			.and_then(Jurisdiction::from_code)
			.ok_or_else(|| {
				D::Error::custom("a jurisdiction is an ISO 3166-1 alpha-2 code such as \"GB\"")
			})
	}
}
