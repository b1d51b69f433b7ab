//! The runtime API through which a recipient's clinic asks for donors.

use crate::types::{DonorMatch, MatchRequest};
use alloc::vec::Vec;

sp_api::decl_runtime_apis! {
	/// Donor matching: a read of the registry; reserving the chosen donor is the
	/// `DonorMatching::reserve` call, with the request's `recipient` profile.
	pub trait DonorMatchingApi {
		/// Up to `request.max_results` (capped by `MaxMatchResults`) donors, by linkage id,
		/// that pass every hard filter (family limits including the request's jurisdiction,
		/// CMV, Rh sensitisation, carrier screening, an active donation consent at one of
		/// the donor's banks, not flagged or retired, identity-release terms accepted),
		/// ranked by weighted phenotype similarity, highest first, ties by linkage id.
		/// Deterministic; iterates at most `MaxDonors` donors.
		fn match_donors(request: MatchRequest) -> Vec<DonorMatch>;
	}
}
