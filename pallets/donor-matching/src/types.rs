//! The records of the donor registry and the words of a match request.
//!
//! Every category here is coarse on purpose: enough for a recipient to choose a donor who
//! resembles them, never enough to identify the donor. Each phenotype category is exactly one
//! the score of [`matching`](crate::matching) compares, and nothing finer (the module docs'
//! "Data minimisation" say why these are on chain at all).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use ivf_primitives::{ConsentPurpose, DocumentHash, Jurisdiction};
use scale_info::TypeInfo;

/// What is donated.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum DonationType {
	/// Donor sperm.
	Sperm,
	/// Donor eggs.
	Oocyte,
	/// A donated embryo; the "donor" is the embryo's genetic parents, registered as one record.
	Embryo,
}

impl DonationType {
	/// The consent a donor needs for this donation (UK HFE Act, Schedule 3: gametes and
	/// embryos are used only within the terms of an effective consent).
	pub fn consent_purpose(self) -> ConsentPurpose {
		match self {
			Self::Sperm | Self::Oocyte => ConsentPurpose::GameteDonation,
			Self::Embryo => ConsentPurpose::EmbryoDonation,
		}
	}
}

/// ABO blood group.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum Abo {
	/// Group O.
	O,
	/// Group A.
	A,
	/// Group B.
	B,
	/// Group AB.
	AB,
}

/// Rhesus (RhD) factor.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum Rh {
	/// RhD positive.
	Positive,
	/// RhD negative.
	Negative,
}

/// ABO group and Rh factor.
///
/// For an embryo donation, register `Rh::Negative` only when both genetic parents are Rh
/// negative: the embryo may carry the factor otherwise.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct BloodGroup {
	/// ABO group.
	pub abo: Abo,
	/// Rh factor.
	pub rh: Rh,
}

/// Cytomegalovirus (CMV) serostatus (IgG).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum CmvStatus {
	/// No CMV antibodies.
	Negative,
	/// CMV antibodies present.
	Positive,
}

/// Ethnic group, after the five high-level groups of the 2021 census of England and Wales
/// (ONS), plus "not stated". Compared as equal or not: the groups have no order.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum Ethnicity {
	/// Asian or Asian British.
	Asian,
	/// Black, Black British, Caribbean or African.
	Black,
	/// Mixed or multiple ethnic groups.
	Mixed,
	/// White.
	White,
	/// Any other ethnic group.
	Other,
	/// Not stated; never counts as a match.
	NotStated,
}

/// Skin tone on the Fitzpatrick scale, type I (palest) to type VI (darkest). Ordered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum SkinTone {
	/// Fitzpatrick type I.
	TypeI,
	/// Fitzpatrick type II.
	TypeII,
	/// Fitzpatrick type III.
	TypeIII,
	/// Fitzpatrick type IV.
	TypeIV,
	/// Fitzpatrick type V.
	TypeV,
	/// Fitzpatrick type VI.
	TypeVI,
}

/// Eye colour, ordered from light to dark.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum EyeColour {
	/// Blue.
	Blue,
	/// Grey.
	Grey,
	/// Green.
	Green,
	/// Hazel.
	Hazel,
	/// Light brown.
	LightBrown,
	/// Dark brown or black.
	DarkBrown,
}

/// Hair colour. Compared as equal or not: red has no place on a light-to-dark scale.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum HairColour {
	/// Blond.
	Blond,
	/// Red.
	Red,
	/// Light brown.
	LightBrown,
	/// Dark brown.
	DarkBrown,
	/// Black.
	Black,
}

/// Hair type, ordered from straight to tightly coiled.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum HairType {
	/// Straight.
	Straight,
	/// Wavy.
	Wavy,
	/// Curly.
	Curly,
	/// Coily (tightly coiled).
	Coily,
}

/// Adult height in 10 cm bands. Ordered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum HeightBand {
	/// Below 160 cm.
	Below160Cm,
	/// 160 to 169 cm.
	From160To169Cm,
	/// 170 to 179 cm.
	From170To179Cm,
	/// 180 to 189 cm.
	From180To189Cm,
	/// 190 cm and above.
	From190Cm,
}

/// Body build, ordered from slight to large.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum Build {
	/// Slim.
	Slim,
	/// Medium.
	Medium,
	/// Large.
	Large,
}

/// The donor's visible traits, in the coarse categories above.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Phenotype {
	/// Ethnic group.
	pub ethnicity: Ethnicity,
	/// Skin tone.
	pub skin_tone: SkinTone,
	/// Eye colour.
	pub eye_colour: EyeColour,
	/// Hair colour.
	pub hair_colour: HairColour,
	/// Hair type.
	pub hair_type: HairType,
	/// Height band.
	pub height: HeightBand,
	/// Build.
	pub build: Build,
}

/// How many genes a carrier panel can hold: expanded panels cover 300 to 500 recessive genes
/// (docs/domain.md, "Donor matching").
pub const CARRIER_PANEL_GENES: usize = 512;

/// The recessive genes of a panel that a person carries a variant in, as a bit set: gene `i`
/// of the panel (the panel's own numbering) is bit `i % 8` of byte `i / 8`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct CarriedGenes(pub [u8; CARRIER_PANEL_GENES / 8]);

impl CarriedGenes {
	/// Carries no variant on the panel.
	pub const NONE: Self = Self([0; CARRIER_PANEL_GENES / 8]);

	/// The set with the genes numbered `genes` set; numbers beyond the panel are ignored.
	pub fn from_genes(genes: &[usize]) -> Self {
		let mut bits = Self::NONE;
		for gene in genes {
			if let Some(byte) = bits.0.get_mut(gene / 8) {
				*byte |= 1 << (gene % 8);
			}
		}
		bits
	}

	/// Whether both carry a variant in at least one same gene (bitwise AND not zero).
	pub fn shares_gene_with(&self, other: &Self) -> bool {
		self.0.iter().zip(other.0.iter()).any(|(a, b)| a & b != 0)
	}
}

/// Which carrier screening panel, so that bit sets are only compared bit by bit when their
/// bits mean the same genes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct CarrierPanel {
	/// The panel, as the consortium numbers panels.
	pub id: u32,
	/// The panel's version: a new version may renumber or add genes.
	pub version: u32,
}

/// The result of expanded carrier screening.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct CarrierScreening {
	/// The panel screened.
	pub panel: CarrierPanel,
	/// The panel's genes in which a variant was found.
	pub carried: CarriedGenes,
}

/// What the donor agreed a donor-conceived person may learn of them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum IdentityRelease {
	/// The donor is never identified.
	Anonymous,
	/// The donor may be identified to the donor-conceived person at adulthood (as the UK has
	/// required since 2005).
	AtAdulthood,
	/// The donor is known to the family from the start.
	Open,
}

/// The identity-release terms a recipient accepts; a donor whose terms are not accepted is
/// never matched.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct AcceptedIdentityRelease {
	/// Accepts an anonymous donor.
	pub anonymous: bool,
	/// Accepts a donor identifiable at adulthood.
	pub at_adulthood: bool,
	/// Accepts an open (known) donor.
	pub open: bool,
}

impl AcceptedIdentityRelease {
	/// Whether `terms` are among those accepted.
	pub fn accepts(&self, terms: IdentityRelease) -> bool {
		match terms {
			IdentityRelease::Anonymous => self.anonymous,
			IdentityRelease::AtAdulthood => self.at_adulthood,
			IdentityRelease::Open => self.open,
		}
	}
}

/// What the registering clinic declares about a donor: the argument of
/// [`register_donor`](crate::pallet::Pallet::register_donor).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct DonorProfile {
	/// Sperm, oocyte or embryo.
	pub donation_type: DonationType,
	/// ABO group and Rh factor.
	pub blood_group: BloodGroup,
	/// CMV serostatus.
	pub cmv: CmvStatus,
	/// Visible traits.
	pub phenotype: Phenotype,
	/// Expanded carrier screening.
	pub carrier: CarrierScreening,
	/// Identity-release terms.
	pub identity_release: IdentityRelease,
}

impl DonorProfile {
	/// Whether `other` declares the same of the donor on everything the hard filters read:
	/// donation type, CMV status, Rh factor, carrier screening and identity-release terms. A
	/// bank linking to another's record must agree with it on these; the phenotype and ABO
	/// group, which only rank, may be judged differently and are the owner's.
	pub fn same_rules_as(&self, other: &Self) -> bool {
		self.donation_type == other.donation_type
			&& self.cmv == other.cmv
			&& self.blood_group.rh == other.blood_group.rh
			&& self.carrier == other.carrier
			&& self.identity_release == other.identity_release
	}
}

/// Why a donor was flagged.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum FlagReason {
	/// A pathogenic variant newly found in the donor (e.g. TP53).
	PathogenicVariant,
	/// A heritable condition found in a donor-conceived child.
	HeritableCondition,
	/// Any other reason, described in the evidence document.
	Other,
}

/// A flag on a donor: no new allocation anywhere while it stands.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct DonorFlag<AccountId> {
	/// Why.
	pub reason: FlagReason,
	/// Hash of the evidence kept off chain (a lab report).
	pub evidence: DocumentHash,
	/// The registering clinic that flagged, or `None` for governance.
	pub flagged_by: Option<AccountId>,
	/// When, in milliseconds since the Unix epoch.
	pub at: u64,
}

/// A registered donor and what the registry counts for them, across every bank that holds
/// the donor.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Donor<AccountId> {
	/// The clinic that registered the donor first: it owns the record (its profile stands; it
	/// alone retires the donor). Other banks link to it.
	pub clinic: AccountId,
	/// Where the donor was registered: the registering clinic's jurisdiction at registration.
	pub jurisdiction: Jurisdiction,
	/// When, in milliseconds since the Unix epoch.
	pub registered_at: u64,
	/// What the clinic declared.
	pub profile: DonorProfile,
	/// Recipient families holding a reservation or a child from the donor, across all clinics
	/// and banks.
	pub families: u32,
	/// Children born from the donor, across all clinics.
	pub children: u32,
	/// Reservations whose treatment has no outcome yet, across all clinics.
	pub pending: u32,
	/// Set when the donor is flagged.
	pub flag: Option<DonorFlag<AccountId>>,
}

impl<AccountId> Donor<AccountId> {
	/// The counts that family limits are checked against.
	pub fn counts(&self) -> DonorCounts {
		DonorCounts { families: self.families, children: self.children, pending: self.pending }
	}
}

/// What a donor's family limits are checked against.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct DonorCounts {
	/// Families with a reservation or a child.
	pub families: u32,
	/// Children born.
	pub children: u32,
	/// Reservations awaiting an outcome; each counts as one expected child.
	pub pending: u32,
}

/// A jurisdiction's limit on the use of one donor.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub enum FamilyLimit {
	/// At most this many recipient families (siblings in one family count once).
	Families(u32),
	/// At most this many children, born or expected (France counts children).
	Children(u32),
}

/// One recipient family's use of one donor, kept by the treating clinic.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Allocation<AccountId> {
	/// The treating clinic, the only one that may act on the allocation.
	pub clinic: AccountId,
	/// The treating clinic's jurisdiction at the first reservation.
	pub jurisdiction: Jurisdiction,
	/// When the family was first reserved, in milliseconds since the Unix epoch.
	pub reserved_at: u64,
	/// Reservations awaiting an outcome.
	pub pending: u32,
	/// Children born to the family from the donor.
	pub children: u32,
	/// When the pending reservations expire unless renewed, released or turned into a birth
	/// (milliseconds since the Unix epoch): `ReservationPeriod` after the latest reservation or
	/// renewal.
	pub expires_at: u64,
	/// Reservations that expired without an outcome: a birth recorded later still counts
	/// against one of them.
	pub expired: u32,
}

impl<AccountId> Allocation<AccountId> {
	/// Whether the family holds a slot of the donor: a reservation awaiting an outcome, or a
	/// child. A family whose reservations all expired or were released holds none.
	pub fn holds_slot(&self) -> bool {
		self.pending > 0 || self.children > 0
	}
}

/// A bank (a registering clinic) that holds a donor, and under which pseudonym it recorded the
/// donor's donation consent.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct DonorBank<AccountId> {
	/// The bank.
	pub clinic: AccountId,
	/// The bank's own salted pseudonym of the donor, under which its consent is recorded.
	pub pseudonym: ivf_primitives::Pseudonym,
	/// The bank's jurisdiction when it registered or linked the donor; its limit applies.
	pub jurisdiction: Jurisdiction,
	/// When, in milliseconds since the Unix epoch.
	pub linked_at: u64,
}

/// A treating clinic using a donor, and for how many families.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct ClinicUse<AccountId> {
	/// The treating clinic.
	pub clinic: AccountId,
	/// Its jurisdiction when it first used the donor; its limit applies to the donor.
	pub jurisdiction: Jurisdiction,
	/// Its families with a reservation or a child from the donor (never zero while listed).
	pub families: u32,
}

/// Why a reservation is released.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ReleaseReason {
	/// The treatment did not lead to a birth.
	TreatmentFailed,
	/// The treatment was cancelled before use.
	TreatmentCancelled,
}

/// The recipient's preferences; `None` means "no preference" and scores nothing for anyone.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct PhenotypePreference {
	/// Preferred ethnic group.
	pub ethnicity: Option<Ethnicity>,
	/// Preferred skin tone.
	pub skin_tone: Option<SkinTone>,
	/// Preferred eye colour.
	pub eye_colour: Option<EyeColour>,
	/// Preferred hair colour.
	pub hair_colour: Option<HairColour>,
	/// Preferred hair type.
	pub hair_type: Option<HairType>,
	/// Preferred height band.
	pub height: Option<HeightBand>,
	/// Preferred build.
	pub build: Option<Build>,
	/// Preferred blood group (preferred, never required).
	pub blood_group: Option<BloodGroup>,
}

/// What the hard filters need to know of a recipient: part of a [`MatchRequest`], and the
/// argument of [`reserve`](crate::pallet::Pallet::reserve), which refuses what matching would
/// have filtered out.
///
/// A reservation is a transaction, so this goes into a block for good. It holds no phenotype
/// (preferences stay in the [`MatchRequest`], which is a read), and the carrier screening may
/// be cut down to the genes the donor carries: the filter reads no other bit, so a clinic that
/// clears every other bit before reserving gets the same answer and leaves on chain nothing of
/// the screening beyond what the reservation implies.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct RecipientProfile {
	/// Sperm, oocyte or embryo.
	pub donation_type: DonationType,
	/// The recipient's CMV serostatus.
	pub recipient_cmv: CmvStatus,
	/// The recipient's Rh factor.
	pub recipient_rh: Rh,
	/// Whether the recipient is sensitised (has anti-D antibodies).
	pub rh_sensitised: bool,
	/// Carrier screening of the recipient-side genetic parent (the partner whose gametes meet
	/// the donor's). Required for sperm and oocyte donation; ignored for embryos, which have
	/// no recipient-side genetic parent.
	pub recipient_carrier: Option<CarrierScreening>,
	/// Where the recipient is treated: its limit applies. A reservation must name the
	/// reserving clinic's own jurisdiction.
	pub jurisdiction: Jurisdiction,
	/// The identity-release terms the recipient accepts.
	pub accepted_identity_release: AcceptedIdentityRelease,
}

/// A recipient's request for donors: the argument of the `DonorMatchingApi` runtime API.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct MatchRequest {
	/// What the hard filters check; give the same to `reserve`.
	pub recipient: RecipientProfile,
	/// Preferred traits.
	pub preferred: PhenotypePreference,
	/// How many donors to return at most; capped by `MaxMatchResults`.
	pub max_results: u32,
}

/// A donor that passes every hard filter, with its similarity score (0 to
/// [`MAX_SCORE`](crate::matching::MAX_SCORE)).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct DonorMatch {
	/// The donor's linkage id.
	pub donor: ivf_primitives::DonorLinkageId,
	/// Weighted phenotype similarity; higher is closer.
	pub score: u32,
}
