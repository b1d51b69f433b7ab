//! The matching rules, as pure functions of a donor, a request and the limits involved, so
//! that a test can read them as a table.
//!
//! ## Hard filters (docs/domain.md, "Donor matching")
//!
//! A donor is a candidate only if every filter passes, checked in this order:
//!
//! 1. the donation type is the one requested;
//! 2. the donor is not flagged;
//! 3. the donor's donation consent is active ([`ConsentInactive`](Exclusion::ConsentInactive));
//! 4. one more family fits under every family limit involved ([`within_limits`]);
//! 5. CMV: a CMV-negative recipient of donor sperm receives only from a CMV-negative donor
//!    ([`cmv_compatible`]);
//! 6. Rh: a sensitised Rh-negative recipient needs an Rh-negative donor ([`rh_compatible`]);
//! 7. carrier screening: donor and recipient-side genetic parent never both carry a variant in
//!    the same recessive gene ([`carrier_compatible`]);
//! 8. the recipient accepts the donor's identity-release terms.
//!
//! ## Score
//!
//! Candidates are ranked by [`phenotype_score`], an integer from 0 to [`MAX_SCORE`]:
//!
//! | trait | weight | points |
//! |---|---|---|
//! | ethnicity | 25 | equal (never for `NotStated`) |
//! | skin tone | 15 | equal: all; one step apart: half (rounded down) |
//! | eye colour | 10 | equal: all; one step apart: half |
//! | hair colour | 10 | equal |
//! | hair type | 5 | equal: all; one step apart: half |
//! | height | 10 | equal band: all; adjacent band: half |
//! | build | 10 | equal: all; one step apart: half |
//! | blood group | 15 | ABO equal: 10; Rh equal: 5 (preferred, never required) |
//!
//! A trait without a preference scores 0 for every donor, so it never changes the order.
//! Ties are broken by donor pseudonym, ascending, so the order is deterministic.

use crate::types::*;

/// Why a donor is not a candidate for a request.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Exclusion {
	/// The donor donates something other than what was requested.
	DonationType,
	/// The donor is flagged.
	Flagged,
	/// The donor's donation consent is not active now.
	ConsentInactive,
	/// One more family (or expected child) would break a family limit involved.
	LimitReached(LimitBreach),
	/// CMV-negative recipient, CMV-positive sperm donor.
	Cmv,
	/// Sensitised Rh-negative recipient, Rh-positive donor.
	RhSensitised,
	/// Sperm or oocyte donation without the recipient-side carrier screening.
	RecipientNotScreened,
	/// Donor and recipient were screened on different panels or panel versions.
	DifferentCarrierPanels,
	/// Donor and recipient carry a variant in the same recessive gene.
	SharedCarrierGene,
	/// The recipient does not accept the donor's identity-release terms.
	IdentityRelease,
}

/// Which kind of family limit a reservation would break.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LimitBreach {
	/// A `FamilyLimit::Families` limit.
	Families,
	/// A `FamilyLimit::Children` limit.
	Children,
}

/// Whether one more reservation fits under every limit in `limits` (the limits of every
/// jurisdiction involved: where the donor was registered, where each treating clinic is, and
/// where the requesting clinic is).
///
/// "Strictest" across kinds means: every limit is checked against its own count, and the
/// reservation must satisfy all of them (docs/domain.md, "Gamete donation": apply the strictest
/// limit of the jurisdictions involved).
/// - `Families(n)`: a new family needs `families + 1 <= n`. A sibling in a family that already
///   has a reservation or child does not count again (docs/domain.md), so it passes every
///   families limit, even one lowered below the current count.
/// - `Children(n)`: every reservation, sibling or not, counts as one expected child until its
///   outcome is recorded, so `children + pending + 1 <= n`. Released reservations free their
///   expected child; a birth replaces it with the children actually born.
pub fn within_limits(
	limits: &[FamilyLimit],
	counts: DonorCounts,
	new_family: bool,
) -> Result<(), LimitBreach> {
	for limit in limits {
		match *limit {
			FamilyLimit::Families(max) => {
				if new_family && counts.families.saturating_add(1) > max {
					return Err(LimitBreach::Families);
				}
			},
			FamilyLimit::Children(max) => {
				let expected = counts.children.saturating_add(counts.pending).saturating_add(1);
				if expected > max {
					return Err(LimitBreach::Children);
				}
			},
		}
	}
	Ok(())
}

/// CMV rule (docs/domain.md, "Donor matching"): in sperm donation a CMV-negative recipient
/// receives only from a CMV-negative donor. The rule is stated for sperm, so oocyte and
/// embryo donations pass.
pub fn cmv_compatible(donation_type: DonationType, donor: CmvStatus, recipient: CmvStatus) -> bool {
	!(donation_type == DonationType::Sperm
		&& recipient == CmvStatus::Negative
		&& donor == CmvStatus::Positive)
}

/// Rh rule (docs/domain.md, "Donor matching"): an Rh-negative recipient who is sensitised needs an
/// Rh-negative donor.
pub fn rh_compatible(donor: Rh, recipient: Rh, sensitised: bool) -> bool {
	!(recipient == Rh::Negative && sensitised && donor == Rh::Positive)
}

/// Carrier rule (docs/domain.md, "Donor matching"): exclude a pair where both carry a variant in
/// the same recessive gene, i.e. where the bitwise AND of their bit sets is not zero.
///
/// - Bits only mean the same genes on the same panel and version, so a pair screened on
///   different panels (or versions) is excluded: nothing can be said about the genes one
///   panel has and the other lacks. The clinic re-screens the recipient on the donor's panel.
/// - A sperm or oocyte request without the recipient-side screening is excluded.
/// - An embryo has no recipient-side genetic parent, so embryo donation passes.
pub fn carrier_compatible(
	donation_type: DonationType,
	donor: &CarrierScreening,
	recipient: Option<&CarrierScreening>,
) -> Result<(), Exclusion> {
	if donation_type == DonationType::Embryo {
		return Ok(());
	}
	let recipient = recipient.ok_or(Exclusion::RecipientNotScreened)?;
	if recipient.panel != donor.panel {
		return Err(Exclusion::DifferentCarrierPanels);
	}
	if donor.carried.shares_gene_with(&recipient.carried) {
		return Err(Exclusion::SharedCarrierGene);
	}
	Ok(())
}

/// Every hard filter, in the order of the module docs; the first that fails names the
/// exclusion. Matching and [`reserve`](crate::pallet::Pallet::reserve) both call it, so a
/// reservation refuses exactly what matching filters out.
///
/// `consent_active` is whether the donor's donation consent is active now; `limits` are the
/// limits of every jurisdiction involved, the request's included. `new_family` is whether the
/// recipient would count as a new family: matching takes every recipient to be one (a family
/// seeking a sibling already has its donor), a reservation knows.
pub fn hard_filters<AccountId>(
	donor: &Donor<AccountId>,
	request: &RecipientProfile,
	consent_active: bool,
	limits: &[FamilyLimit],
	new_family: bool,
) -> Result<(), Exclusion> {
	let profile = &donor.profile;
	if profile.donation_type != request.donation_type {
		return Err(Exclusion::DonationType);
	}
	if donor.flag.is_some() {
		return Err(Exclusion::Flagged);
	}
	if !consent_active {
		return Err(Exclusion::ConsentInactive);
	}
	within_limits(limits, donor.counts(), new_family).map_err(Exclusion::LimitReached)?;
	if !cmv_compatible(profile.donation_type, profile.cmv, request.recipient_cmv) {
		return Err(Exclusion::Cmv);
	}
	if !rh_compatible(profile.blood_group.rh, request.recipient_rh, request.rh_sensitised) {
		return Err(Exclusion::RhSensitised);
	}
	carrier_compatible(
		profile.donation_type,
		&profile.carrier,
		request.recipient_carrier.as_ref(),
	)?;
	if !request.accepted_identity_release.accepts(profile.identity_release) {
		return Err(Exclusion::IdentityRelease);
	}
	Ok(())
}

/// Weight of ethnicity in the score.
pub const ETHNICITY_WEIGHT: u32 = 25;
/// Weight of skin tone.
pub const SKIN_TONE_WEIGHT: u32 = 15;
/// Weight of eye colour.
pub const EYE_COLOUR_WEIGHT: u32 = 10;
/// Weight of hair colour.
pub const HAIR_COLOUR_WEIGHT: u32 = 10;
/// Weight of hair type.
pub const HAIR_TYPE_WEIGHT: u32 = 5;
/// Weight of height.
pub const HEIGHT_WEIGHT: u32 = 10;
/// Weight of build.
pub const BUILD_WEIGHT: u32 = 10;
/// Points for an equal ABO group.
pub const ABO_WEIGHT: u32 = 10;
/// Points for an equal Rh factor.
pub const RH_WEIGHT: u32 = 5;
/// The best possible score: every preference met.
pub const MAX_SCORE: u32 = ETHNICITY_WEIGHT
	+ SKIN_TONE_WEIGHT
	+ EYE_COLOUR_WEIGHT
	+ HAIR_COLOUR_WEIGHT
	+ HAIR_TYPE_WEIGHT
	+ HEIGHT_WEIGHT
	+ BUILD_WEIGHT
	+ ABO_WEIGHT
	+ RH_WEIGHT;

/// All of `weight` when equal, half of it one step apart, nothing otherwise.
fn ordinal_points(weight: u32, preferred: Option<u8>, donor: u8) -> u32 {
	match preferred.map(|preferred| preferred.abs_diff(donor)) {
		Some(0) => weight,
		Some(1) => weight / 2,
		_ => 0,
	}
}

/// All of `weight` when equal, nothing otherwise.
fn equal_points<T: PartialEq>(weight: u32, preferred: Option<T>, donor: T) -> u32 {
	if preferred == Some(donor) {
		weight
	} else {
		0
	}
}

/// The weighted phenotype similarity of a donor to a recipient's preferences (see the
/// module docs for the table), from 0 to [`MAX_SCORE`].
pub fn phenotype_score(profile: &DonorProfile, preferred: &PhenotypePreference) -> u32 {
	let donor = &profile.phenotype;
	let ethnicity = match preferred.ethnicity {
		Some(Ethnicity::NotStated) => 0,
		other => equal_points(ETHNICITY_WEIGHT, other, donor.ethnicity),
	};
	// Fieldless enums cast to their declaration index, which is their order.
	let ordinal = [
		ordinal_points(
			SKIN_TONE_WEIGHT,
			preferred.skin_tone.map(|t| t as u8),
			donor.skin_tone as u8,
		),
		ordinal_points(
			EYE_COLOUR_WEIGHT,
			preferred.eye_colour.map(|c| c as u8),
			donor.eye_colour as u8,
		),
		ordinal_points(
			HAIR_TYPE_WEIGHT,
			preferred.hair_type.map(|t| t as u8),
			donor.hair_type as u8,
		),
		ordinal_points(HEIGHT_WEIGHT, preferred.height.map(|h| h as u8), donor.height as u8),
		ordinal_points(BUILD_WEIGHT, preferred.build.map(|b| b as u8), donor.build as u8),
	];
	let hair_colour = equal_points(HAIR_COLOUR_WEIGHT, preferred.hair_colour, donor.hair_colour);
	let blood = &profile.blood_group;
	let abo = equal_points(ABO_WEIGHT, preferred.blood_group.map(|b| b.abo), blood.abo);
	let rh = equal_points(RH_WEIGHT, preferred.blood_group.map(|b| b.rh), blood.rh);
	ordinal.iter().fold(
		ethnicity.saturating_add(hair_colour).saturating_add(abo).saturating_add(rh),
		|sum, p| sum.saturating_add(*p),
	)
}
