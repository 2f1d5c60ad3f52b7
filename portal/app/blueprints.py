"""Core blueprints."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from portal.admin import partners, tokens, webhooks
    from portal.admin import views as admin
    from portal.attachments import views as attachments
    from portal.auth import mfa_views as mfa
    from portal.auth import views as auth
    from portal.clients import merge_views  # noqa: F401 - adds the duplicates and merge pages
    from portal.clients import views as clients
    from portal.distance import views as distance
    from portal.esf import views as esf
    from portal.groups import attendance as groupwork
    from portal.groups import views as groups
    from portal.home import views as main
    from portal.imports import views as imports
    from portal.jobs import views as jobs
    from portal.mypath import mydata
    from portal.mypath import views as mypath
    from portal.notify import views as notifications
    from portal.pathway import views as pathway
    from portal.privacy import views as privacy
    from portal.projects import views as projects
    from portal.reports import compare_views as compare
    from portal.reports import export_views  # noqa: F401 - adds the export job's route
    from portal.reports import organisation_views as organisation
    from portal.reports import quality_views as quality
    from portal.reports import views as reports
    from portal.rest import reference as api_reference
    from portal.reviews import views as reviews
    from portal.search import views as search
    from portal.trainees import views as trainees
    from portal.worklist import views as worklist

    for module in (
        auth,
        mfa,
        main,
        admin,
        partners,
        tokens,
        webhooks,
        clients,
        imports,
        pathway,
        reports,
        quality,
        compare,
        organisation,
        distance,
        groups,
        groupwork,
        trainees,
        worklist,
        mypath,
        mydata,
        reviews,
        privacy,
        search,
        esf,
        notifications,
        jobs,
        projects,
        attachments,
        api_reference,
    ):
        app.register_blueprint(module.bp)
