//! What the pallet's benchmarks and unit tests share: the donor they register.

use crate::types::*;

/// A sperm donor with every field filled: O Rh-negative, CMV negative, carrier of genes 7 and
/// 300 on panel 1 version 1, identifiable at adulthood. The registry's benchmark donor, and
/// the unit tests' donor.
pub(crate) fn sperm_donor() -> DonorProfile {
	DonorProfile {
		donation_type: DonationType::Sperm,
		blood_group: BloodGroup { abo: Abo::O, rh: Rh::Negative },
		cmv: CmvStatus::Negative,
		phenotype: Phenotype {
			ethnicity: Ethnicity::White,
			skin_tone: SkinTone::TypeII,
			eye_colour: EyeColour::Blue,
			hair_colour: HairColour::LightBrown,
			hair_type: HairType::Wavy,
			height: HeightBand::From180To189Cm,
			build: Build::Medium,
		},
		carrier: CarrierScreening {
			panel: CarrierPanel { id: 1, version: 1 },
			carried: CarriedGenes::from_genes(&[7, 300]),
		},
		identity_release: IdentityRelease::AtAdulthood,
	}
}
