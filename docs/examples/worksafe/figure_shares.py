"""portal_figure_shares: the workplace-coaching placements of each young person, per company,
kept with the dashboard's figures: ``read_figures(user, ("ws.places",))`` reads their sums
for everyone the user works with in one statement, however many young people that is."""

from sqlalchemy import func, literal, select

from portal.api import Client, Placement, figure_share, hookimpl


@hookimpl
def portal_figure_shares():
    # Placements are the core's: a placement written rewrites its young person's shares. For
    # a model of the plugin's own, call count_in_figures(Model) once, at import.
    return (
        select(*figure_share("ws.places", Placement.company_id, literal(""), func.count()))
        .join(Placement, Placement.client_id == Client.id)
        .where(Placement.kind == "workplace_coaching")
        .group_by(Client.id, Placement.company_id)
    )
