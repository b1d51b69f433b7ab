//! What other pallets ask of this one: the federated-learning pallet checks and records each
//! round's use of a dataset and charges its privacy budget through [`DatasetAccess`], defined
//! in `ivf-primitives` (so that the federated-learning pallet depends on that crate, not on
//! this one) and implemented by this pallet.

pub use ivf_primitives::data_access::DatasetAccess;
