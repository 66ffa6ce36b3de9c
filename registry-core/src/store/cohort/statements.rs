//! The statement of a patient table in a cohort read, as a macro (the boxed query's type differs
//! per table): the rows (not deleted) whose patient is in the cohort, named by the subquery on
//! `patients` every statement of the read embeds ([`filter::patients`](super::filter::patients)).
//! The table's schema module must be in scope where it is used.

/// The statement reading the rows (not deleted) of a patient table whose patient is in the
/// cohort, in scope.
macro_rules! of_cohort {
    ($scope:expr, $filter:expr, $table:ident, $Row:ty) => {{
        let mut q = $table::table
            .filter($table::deleted_at.is_null())
            .filter($crate::store::cohort::subquery::InSubquery {
                column: $table::patient_id,
                table: $crate::store::schema::patients::table,
                selected: $crate::store::schema::patients::id,
                condition: $crate::store::cohort::filter::patients($scope, $filter, true),
            })
            .select(<$Row>::as_select())
            .into_boxed();
        if let $crate::store::Scope::Center(center) = $scope {
            q = q.filter($table::center_id.eq(center));
        }
        q
    }};
}
