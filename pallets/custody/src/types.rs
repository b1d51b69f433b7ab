//! The records of the custody ledger: specimens, the steps of their custody, shipments between
//! clinics, each clinic's custody policy and each jurisdiction's storage rules.
//!
//! Nothing here names a person or a place in clear: providers are [`Pseudonym`]s, a location
//! in a tank is a [`LocationCode`] (a hash made at the clinic), and carriers, dry shippers and
//! data loggers are short opaque codes ([`OpaqueCode`]).

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::ConstU32, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use ivf_primitives::{ConsentId, ConsentPurpose, DocumentHash, Pseudonym, SpecimenId};
use scale_info::TypeInfo;

/// A shipment's number, given by the chain in dispatch order from 0.
pub type ShipmentId = u64;

/// Where a specimen is kept at its clinic (tank, canister, position), as the clinic's own hash
/// of its location code, e.g. `blake2_256(salt ‖ "tank 3 / canister B / cane 12 / straw 4")`.
/// The chain can tell that a specimen moved and compare locations, never read one.
pub type LocationCode = [u8; 32];

/// The longest [`OpaqueCode`], in bytes.
pub const MAX_CODE_LEN: u32 = 32;

/// A short code of the clinic's choosing for a carrier, a dry shipper or a data logger (an
/// asset tag, a carrier's account code, or a hash of one). Never a person's name.
pub type OpaqueCode = BoundedVec<u8, ConstU32<MAX_CODE_LEN>>;

/// The most witnesses a step records: the person performing it and a second person, or an
/// electronic witnessing system (docs/domain.md, "Storage of gametes and embryos": witnessing).
pub const MAX_WITNESSES: u32 = 2;

/// The witnesses of one step: accounts registered as witnesses of the clinic, all different.
pub type Witnesses<AccountId> = BoundedVec<AccountId, ConstU32<MAX_WITNESSES>>;

/// The most storage consents a specimen is kept under: one for each of its providers.
pub const MAX_SPECIMEN_CONSENTS: u32 = 3;

/// The storage consents a specimen is kept under, each of a different provider.
pub type SpecimenConsents = BoundedVec<ConsentId, ConstU32<MAX_SPECIMEN_CONSENTS>>;

/// The latest day of development an embryo is kept to in culture (blastocysts are frozen on
/// day 5, 6 or at the latest 7).
pub const MAX_EMBRYO_DAY: u8 = 7;

/// A day in the chain's time, the unit of the storage rules and of the worklist.
pub use ivf_primitives::DAY_MS;

/// The glass transition of vitrified material, in milli-degrees Celsius: above about −130 °C
/// vitrified eggs and embryos may devitrify (docs/domain.md, "Cryostorage and cryotransport").
/// No policy may allow a shipment to reach it.
pub const GLASS_TRANSITION_MC: i32 = -130_000;

/// Absolute zero, in milli-degrees Celsius: no logger reads below it.
pub const ABSOLUTE_ZERO_MC: i32 = -273_150;

/// How far an embryo had developed when it was frozen.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum EmbryoStage {
	/// A fertilised egg with two pronuclei (day 1).
	Zygote,
	/// Dividing, 2 to 16 cells (days 2 to 3).
	Cleavage,
	/// Compacted (day 4).
	Morula,
	/// With a cavity, inner cell mass and trophectoderm (days 5 to 7).
	Blastocyst,
}

/// What a straw or vial holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum SpecimenKind {
	/// Oocytes (eggs).
	Oocytes,
	/// Sperm.
	Sperm,
	/// Embryos, with the day of development (0 to [`MAX_EMBRYO_DAY`]) and the stage at freezing.
	Embryo {
		/// Days since insemination.
		day: u8,
		/// Stage of development.
		stage: EmbryoStage,
	},
}

impl SpecimenKind {
	/// Whether the specimen holds embryos (their cooling-off rules differ from gametes').
	pub fn is_embryo(&self) -> bool {
		matches!(self, Self::Embryo { .. })
	}

	/// The consent its providers give to donate it (UK HFE Act, Schedule 3).
	pub fn donation_purpose(&self) -> ConsentPurpose {
		match self {
			Self::Oocytes | Self::Sperm => ConsentPurpose::GameteDonation,
			Self::Embryo { .. } => ConsentPurpose::EmbryoDonation,
		}
	}
}

/// The people a specimen comes from, by pseudonym.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Providers {
	/// The patient whose gametes these are, or for whose treatment the embryos were created.
	pub patient: Pseudonym,
	/// The patient's partner, if a gamete provider of the embryos.
	pub partner: Option<Pseudonym>,
	/// The gamete donor, if donor gametes are involved.
	pub donor: Option<Pseudonym>,
}

impl Providers {
	/// Every provider: the patient, then the partner and the donor where present.
	pub fn all(&self) -> impl Iterator<Item = &Pseudonym> {
		core::iter::once(&self.patient)
			.chain(self.partner.as_ref())
			.chain(self.donor.as_ref())
	}

	/// Whether `who` is one of the providers.
	pub fn includes(&self, who: &Pseudonym) -> bool {
		self.all().any(|provider| provider == who)
	}

	/// Whether no pseudonym is given twice.
	pub fn are_distinct(&self) -> bool {
		let [p, partner, donor] = [Some(self.patient), self.partner, self.donor];
		let clash = |a: Option<Pseudonym>, b: Option<Pseudonym>| a.is_some() && a == b;
		!clash(p, partner) && !clash(p, donor) && !clash(partner, donor)
	}

	/// The providers whose storage consent a specimen of `kind` needs: the patient, and for
	/// embryos the partner too (both people whose gametes created an embryo consent to its
	/// storage, HFE Act Schedule 3).
	pub fn needing_storage_consent(&self, kind: &SpecimenKind) -> impl Iterator<Item = &Pseudonym> {
		let partner = if kind.is_embryo() { self.partner.as_ref() } else { None };
		core::iter::once(&self.patient).chain(partner)
	}

	/// The providers whose donation consent donating the specimen needs: the patient, and the
	/// partner where present. A donor consented to donation when giving the gametes.
	pub fn needing_donation_consent(&self) -> impl Iterator<Item = &Pseudonym> {
		core::iter::once(&self.patient).chain(self.partner.as_ref())
	}
}

/// Where a specimen is in its life.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum SpecimenStatus {
	/// In cryostorage at its clinic.
	Stored,
	/// Dispatched in a shipment, not yet received; the sending clinic keeps custody.
	InTransit {
		/// The shipment.
		shipment: ShipmentId,
	},
	/// Thawed for use in treatment. Final.
	Used,
	/// Donated. Final.
	Donated,
	/// Discarded (allowed to perish). Final.
	Discarded,
	/// Lost (tank failure, mix-up, damage). Final.
	Lost,
}

impl SpecimenStatus {
	/// Whether the specimen still exists in the clinic's custody (stored or in transit).
	pub fn is_held(&self) -> bool {
		matches!(self, Self::Stored | Self::InTransit { .. })
	}
}

/// What calls for attention on a specimen; set by a temperature excursion or a recall, never
/// cleared (the history is the record).
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct SpecimenFlags {
	/// The latest shipment whose data logger read above the temperature limit.
	pub temperature_excursion: Option<ShipmentId>,
	/// The notice of the latest recall of a lot that touched the specimen.
	pub recall: Option<DocumentHash>,
}

/// Why a specimen is flagged.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum FlagReason {
	/// The data logger of the shipment it travelled in read above the limit.
	TemperatureExcursion {
		/// The shipment.
		shipment: ShipmentId,
	},
	/// A lot that touched it (culture medium, cryoprotectant) was recalled.
	Recall {
		/// Hash of the recall notice.
		notice: DocumentHash,
	},
}

/// A specimen as it is registered at freezing: the arguments of `freeze`.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct NewSpecimen {
	/// Oocytes, sperm, or embryos with their day and stage.
	pub kind: SpecimenKind,
	/// How many oocytes or embryos (or sperm straws) the container holds; at least one.
	pub count: u16,
	/// The people it comes from.
	pub providers: Providers,
	/// The storage consents it is kept under (see [`Providers::needing_storage_consent`]).
	pub consents: SpecimenConsents,
	/// Where it is stored.
	pub location: LocationCode,
}

/// A specimen as the ledger keeps it.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Specimen<AccountId> {
	/// The clinic that has custody of it (the sending clinic while in transit).
	pub clinic: AccountId,
	/// What it holds.
	pub kind: SpecimenKind,
	/// How many oocytes or embryos (or sperm straws).
	pub count: u16,
	/// The people it comes from.
	pub providers: Providers,
	/// The storage consents it is kept under.
	pub consents: SpecimenConsents,
	/// Where it is (or was last) stored.
	pub location: LocationCode,
	/// Stored, in transit, or how it left custody.
	pub status: SpecimenStatus,
	/// When it was frozen (chain time): the start of its storage period.
	pub frozen_at: u64,
	/// How many steps its history holds.
	pub steps: u32,
	/// Temperature excursion and recall flags.
	pub flags: SpecimenFlags,
}

/// Why a specimen is discarded.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum DiscardReason {
	/// The storage period is over: stored material whose consent lapses must be allowed to
	/// perish (HFE Act, as amended in 2022).
	ConsentExpired,
	/// A storage consent was withdrawn and the cooling-off period is over.
	ConsentWithdrawn,
	/// The providers asked for it (for an embryo during the cooling-off: the other person
	/// agreed sooner). The signed request is kept at the clinic.
	PatientRequest,
	/// No longer viable (e.g. after a temperature excursion).
	NotViable,
}

/// What happened in one step of a specimen's custody.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum Step {
	/// Frozen and registered.
	Frozen,
	/// Moved within the clinic (to the record's location).
	Moved,
	/// Thawed for use in treatment.
	Thawed,
	/// Donated, linked to the donor registry's record where one applies.
	Donated {
		/// The donor's pseudonym in the donor registry.
		registry_donor: Option<Pseudonym>,
	},
	/// Discarded.
	Discarded {
		/// Why.
		reason: DiscardReason,
	},
	/// Lost.
	Lost {
		/// Hash of the clinic's incident report.
		incident: DocumentHash,
	},
	/// Dispatched to another clinic.
	Dispatched {
		/// The shipment.
		shipment: ShipmentId,
	},
	/// Received from another clinic: custody passed to the record's clinic.
	Received {
		/// The shipment.
		shipment: ShipmentId,
	},
	/// Put under renewed storage consents (the record's consents). Not a handling step: no
	/// witness.
	ConsentRenewed,
}

impl Step {
	/// How many more steps the history must keep room for after this one, so that a shipment
	/// can always be received and a specimen can always be discarded or reported lost.
	pub fn room_after(&self) -> u32 {
		match self {
			Self::Dispatched { .. } => 2,
			Self::Frozen | Self::Moved | Self::Received { .. } | Self::ConsentRenewed => 1,
			Self::Thawed | Self::Donated { .. } | Self::Discarded { .. } | Self::Lost { .. } => 0,
		}
	}
}

/// One step of a specimen's history: what, who, when, where, under which consents.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct StepRecord<AccountId> {
	/// What happened.
	pub step: Step,
	/// When (chain time, milliseconds since the Unix epoch).
	pub at: u64,
	/// The clinic that recorded it (the custodian after the step).
	pub clinic: AccountId,
	/// Who witnessed it.
	pub witnesses: Witnesses<AccountId>,
	/// Where the specimen was after the step.
	pub location: LocationCode,
	/// The storage consents it was kept under.
	pub consents: SpecimenConsents,
}

/// How many witnesses a step needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum WitnessCount {
	/// One witness, e.g. an electronic witnessing system that reads the tag on each container.
	One,
	/// Two: the person performing the step and a second person (HFEA Code of Practice,
	/// guidance note 18).
	Two,
}

impl WitnessCount {
	/// The number of witnesses.
	pub fn get(self) -> usize {
		match self {
			Self::One => 1,
			Self::Two => 2,
		}
	}
}

/// How many witnesses each witnessed step needs at a clinic. Renewing a consent is not a
/// handling step and needs none.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct WitnessPolicy {
	/// Freezing.
	pub freeze: WitnessCount,
	/// Moving within the clinic.
	pub moving: WitnessCount,
	/// Thawing for use.
	pub thaw: WitnessCount,
	/// Donation.
	pub donation: WitnessCount,
	/// Discarding.
	pub discard: WitnessCount,
	/// Reporting a loss.
	pub loss: WitnessCount,
	/// Dispatching a shipment.
	pub dispatch: WitnessCount,
	/// Receiving a shipment.
	pub receipt: WitnessCount,
}

impl WitnessPolicy {
	/// Every step with the same count.
	pub fn every_step(count: WitnessCount) -> Self {
		Self {
			freeze: count,
			moving: count,
			thaw: count,
			donation: count,
			discard: count,
			loss: count,
			dispatch: count,
			receipt: count,
		}
	}

	/// How many witnesses `step` needs; none for a consent renewal.
	pub fn required(&self, step: &Step) -> usize {
		let count = match step {
			Step::Frozen => self.freeze,
			Step::Moved => self.moving,
			Step::Thawed => self.thaw,
			Step::Donated { .. } => self.donation,
			Step::Discarded { .. } => self.discard,
			Step::Lost { .. } => self.loss,
			Step::Dispatched { .. } => self.dispatch,
			Step::Received { .. } => self.receipt,
			Step::ConsentRenewed => return 0,
		};
		count.get()
	}
}

/// A clinic's custody policy.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct CustodyPolicy {
	/// How many witnesses each step needs.
	pub witnesses: WitnessPolicy,
	/// The highest temperature a shipment's data logger may read, in milli-degrees Celsius;
	/// above it the shipment's specimens are flagged. At most [`GLASS_TRANSITION_MC`].
	pub max_shipment_temperature_mc: i32,
	/// How long a shipment this clinic dispatches may take before it shows as overdue, in
	/// milliseconds; at most `MaxShipmentWindow`.
	pub shipment_window_ms: u64,
}

impl Default for CustodyPolicy {
	/// Two witnesses for every step (HFEA Code of Practice, guidance note 18: every critical
	/// step witnessed by a second person), a limit of −150 °C (what dry shippers keep below,
	/// with a margin under the −130 °C glass transition), and three days for a shipment (well
	/// within a dry shipper's hold time of days): docs/domain.md, "Storage of gametes and
	/// embryos".
	fn default() -> Self {
		Self {
			witnesses: WitnessPolicy::every_step(WitnessCount::Two),
			max_shipment_temperature_mc: -150_000,
			shipment_window_ms: 3 * DAY_MS,
		}
	}
}

/// Who a registered witness is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum WitnessKind {
	/// A member of the clinic's staff (embryologist, nurse).
	Staff,
	/// An electronic witnessing system that reads a tag on each dish and tube.
	ElectronicSystem,
}

/// The storage rules of a jurisdiction (docs/domain.md, "Storage of gametes and embryos":
/// "model the period and the renewal interval as a rule of the jurisdiction, not a constant").
/// The renewal interval is the storage period of each consent; these are the rest.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct StorageRules {
	/// The longest a specimen may be stored from its freezing, in days, whatever its consents;
	/// `None` for no limit of the jurisdiction's own.
	pub max_storage_days: Option<u32>,
	/// After one provider withdraws consent to the storage of an embryo, how many days the
	/// clinic waits before it may discard the embryo.
	pub embryo_cooling_off_days: u32,
	/// The same for gametes.
	pub gamete_cooling_off_days: u32,
}

impl Default for StorageRules {
	/// The UK's (HFE Act 1990 as amended): storage for up to 55 years, 20,088 days (55 years
	/// never have fewer); a 12-month cooling-off for embryos, 366 days (12 months never have
	/// more); none for gametes.
	fn default() -> Self {
		Self {
			max_storage_days: Some(20_088),
			embryo_cooling_off_days: 366,
			gamete_cooling_off_days: 0,
		}
	}
}

/// Converts days to milliseconds, saturating.
pub fn days_ms(days: u32) -> u64 {
	u64::from(days).saturating_mul(DAY_MS)
}

/// Where a specimen stands with its storage consents at a given time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum StorageStanding {
	/// Every storage consent is in effect until `until` (the earliest end, or the
	/// jurisdiction's longest storage from freezing if sooner).
	InEffect {
		/// When storage stops being consented.
		until: u64,
	},
	/// A storage consent was withdrawn at `at`; the specimen may be discarded from
	/// `discard_from`, after the jurisdiction's cooling-off.
	Withdrawn {
		/// The earliest withdrawal.
		at: u64,
		/// When the cooling-off ends.
		discard_from: u64,
	},
	/// The storage period ended at `at`: the specimen must be allowed to perish.
	Expired {
		/// When it ended.
		at: u64,
	},
	/// A storage consent is not in effect for the custodian: unknown, not storage, not held
	/// by the clinic, entered in error, or not yet started.
	NoConsent,
}

impl StorageStanding {
	/// The time by which the clinic must act, for ordering a worklist: `0` (now) when there is
	/// no consent.
	pub fn due_at(&self) -> u64 {
		match self {
			Self::InEffect { until } => *until,
			Self::Withdrawn { discard_from, .. } => *discard_from,
			Self::Expired { at } => *at,
			Self::NoConsent => 0,
		}
	}
}

/// One line of a clinic's storage worklist.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct WorklistEntry {
	/// The specimen.
	pub specimen: SpecimenId,
	/// Where it stands with its storage consents.
	pub standing: StorageStanding,
}

/// A specimen with where it stands now, as the runtime API answers.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct SpecimenView<AccountId> {
	/// The specimen as stored.
	pub specimen: Specimen<AccountId>,
	/// Its standing with its storage consents now.
	pub standing: StorageStanding,
}

/// What the receiving clinic found when a shipment arrived.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ArrivalCondition {
	/// Dry shipper sealed and charged, containers intact.
	Intact,
	/// The dry shipper was damaged, open or no longer charged.
	ShipperDamaged,
	/// Straws, vials or canes were damaged.
	ContainersDamaged,
}

/// What the receiving clinic recorded at receipt.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Receipt {
	/// When (chain time).
	pub at: u64,
	/// The condition found.
	pub condition: ArrivalCondition,
	/// Hash of the data logger's data file, kept at the clinic.
	pub logger_data: DocumentHash,
	/// The lowest temperature the logger read, in milli-degrees Celsius.
	pub lowest_mc: i32,
	/// The highest temperature the logger read, in milli-degrees Celsius.
	pub highest_mc: i32,
	/// Whether `highest_mc` exceeded the limit, which flagged the specimens.
	pub excursion: bool,
}

/// A logger's readings and what the receiving clinic found: the arguments of `receive`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct ArrivalReport {
	/// The condition found.
	pub condition: ArrivalCondition,
	/// Hash of the data logger's data file.
	pub logger_data: DocumentHash,
	/// The lowest temperature the logger read, in milli-degrees Celsius.
	pub lowest_mc: i32,
	/// The highest temperature the logger read, in milli-degrees Celsius.
	pub highest_mc: i32,
}

/// How a shipment travels: the arguments of `dispatch` besides the specimens.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Transport {
	/// The carrier.
	pub carrier: OpaqueCode,
	/// The dry shipper.
	pub dry_shipper: OpaqueCode,
	/// The temperature data logger travelling in it.
	pub data_logger: OpaqueCode,
}

/// A shipment of specimens between two clinics.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct Shipment<T: Config> {
	/// The sending clinic, custodian until receipt.
	pub from: T::AccountId,
	/// The destination clinic.
	pub to: T::AccountId,
	/// The specimens, in dispatch order.
	pub specimens: BoundedVec<SpecimenId, T::MaxSpecimensPerShipment>,
	/// Carrier, dry shipper and data logger.
	pub transport: Transport,
	/// When it was dispatched (chain time).
	pub dispatched_at: u64,
	/// When it shows as overdue if not received: dispatch plus the sender's shipment window.
	pub due_by: u64,
	/// The sender's temperature limit at dispatch, in milli-degrees Celsius.
	pub temperature_limit_mc: i32,
	/// The receipt, once recorded.
	pub receipt: Option<Receipt>,
}

/// Where a shipment stands at a given time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ShipmentState {
	/// On its way, within its window.
	InTransit {
		/// When it becomes overdue.
		due_by: u64,
	},
	/// Not received within its window.
	Overdue {
		/// When it became overdue.
		due_by: u64,
	},
	/// Received.
	Received {
		/// When.
		at: u64,
		/// Whether after its window.
		late: bool,
	},
}

impl<T: Config> Shipment<T> {
	/// The shipment's state at `now`.
	pub fn state_at(&self, now: u64) -> ShipmentState {
		let due_by = self.due_by;
		match &self.receipt {
			Some(receipt) => ShipmentState::Received { at: receipt.at, late: receipt.at > due_by },
			None if now > due_by => ShipmentState::Overdue { due_by },
			None => ShipmentState::InTransit { due_by },
		}
	}
}
