//! `column IN (SELECT selected FROM table WHERE condition)` with a condition built at run time.

use diesel::expression::{
    AppearsOnTable, Expression, SelectableExpression, ValidGrouping, is_aggregate,
};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::Bool;

use super::filter::{Condition, Db};

/// `column IN (SELECT selected FROM table WHERE condition)`.
///
/// Written out here because the `MultiConnection` backend renders diesel's own `IN` through
/// each inner backend in turn, which a subquery holding a run-time [`Condition`] (built for the
/// `MultiConnection` backend only) cannot take part in.
pub(super) struct InSubquery<C, T, S> {
    /// The outer column.
    pub(super) column: C,
    /// The table the subquery reads.
    pub(super) table: T,
    /// The column the subquery selects.
    pub(super) selected: S,
    /// Its rows.
    pub(super) condition: Condition<T>,
}

impl<C, T, S> Expression for InSubquery<C, T, S> {
    type SqlType = Bool;
}

impl<C: AppearsOnTable<QS>, T, S, QS> AppearsOnTable<QS> for InSubquery<C, T, S> where
    Self: Expression
{
}

impl<C: SelectableExpression<QS>, T, S, QS> SelectableExpression<QS> for InSubquery<C, T, S> where
    Self: AppearsOnTable<QS>
{
}

impl<C, T, S> ValidGrouping<()> for InSubquery<C, T, S> {
    type IsAggregate = is_aggregate::Never;
}

impl<C, T, S> QueryId for InSubquery<C, T, S> {
    type QueryId = ();
    // The condition is built at run time.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C, T, S> QueryFragment<Db> for InSubquery<C, T, S>
where
    C: QueryFragment<Db>,
    T: QueryFragment<Db>,
    S: QueryFragment<Db>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Db>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (SELECT ");
        self.selected.walk_ast(out.reborrow())?;
        out.push_sql(" FROM ");
        self.table.walk_ast(out.reborrow())?;
        out.push_sql(" WHERE ");
        self.condition.walk_ast(out.reborrow())?;
        out.push_sql(")");
        Ok(())
    }
}
