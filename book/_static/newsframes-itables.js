// Interactive tables of the web book, offline: the DataTables bundle that itables ships
// for its offline mode (copied into _static/itables/ by newsframes.book.sphinxext, which
// loads this module only on pages that have such a table) applied to the tables that
// newsframes.book.render writes with all their rows. DataTables reads the rows from the
// page's HTML (already escaped); no row is ever data in a script, nothing is fetched.
// Per-table options are data- attributes set by render.Table (page length; no pager
// or search on a table that fits one page).
import { ITable, set_or_remove_dark_class } from "./itables/dt_bundle.js";

set_or_remove_dark_class(); // follow the theme's light or dark mode

document.querySelectorAll("table.nf-itable:not(.dataTable)").forEach((table) => {
  new ITable(table, {
    classes: ["display", "compact"],
    order: [], // keep the order of the analysis until a header is clicked
    autoWidth: false,
    lengthMenu: [10, 25, 50, 100, { label: "All", value: -1 }],
  });
});
