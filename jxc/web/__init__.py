"""`jxc web`: the ledger in a browser, for the counter and the phone in the warehouse.

A thin front end over :mod:`jxc.api`, as fava is over beancount: :mod:`jxc.web.app`
builds the Starlette app, :mod:`jxc.web.pages` the pages that read,
:mod:`jxc.web.reports` every report of the CLI as a page, :mod:`jxc.web.forms` the
forms that write (through :meth:`jxc.api.Ledger.commit`, the CLI's write path),
:mod:`jxc.web.entries` what a form describes, :mod:`jxc.web.guard` who may use it.
Charts are Vega-Lite (:mod:`jxc.reports.vega`).  Needs the ``jxc[web]`` extra.
"""
