// The list every resource page shows: a header with a count, actions and refresh; a text
// filter; sortable columns; pages of 25; a selection the actions act on. `load()` fetches
// the items (through the SDK); `pollMs` reloads them while the page is open (states move
// on the server's clock, as on AWS).
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Pagination from "@cloudscape-design/components/pagination";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { useCollection } from "@cloudscape-design/collection-hooks";
import { useT } from "../i18n/index.js";
import { useConsole, errorFlash } from "../console_context.js";

const ResourceTable = forwardRef(function ResourceTable(
  { title, description, load, columns, trackBy, actions, selectionType = "single", pollMs = 0, empty, variant = "full-page", onSelectionChange },
  ref,
) {
  const t = useT();
  const { notify } = useConsole();
  const [items, setItems] = useState([]);
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState([]);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async ({ quiet = false } = {}) => {
    if (!quiet) setLoading(true);
    try {
      const next = await loadRef.current();
      setItems(next);
      // Keep the selection on the items' new versions (their state may have moved).
      setSelected((old) => next.filter((item) => old.some((o) => o[trackBy] === item[trackBy])));
    } catch (error) {
      if (!quiet) notify(errorFlash(t("common.loadFailed", { what: title }), error));
    } finally {
      setLoading(false);
    }
  }, [notify, t, title, trackBy]);

  useImperativeHandle(ref, () => ({ reload, selected }), [reload, selected]);

  useEffect(() => {
    reload();
    if (!pollMs) return undefined;
    const timer = setInterval(() => reload({ quiet: true }), pollMs);
    return () => clearInterval(timer);
  }, [reload, pollMs]);

  useEffect(() => onSelectionChange?.(selected), [selected]);

  const { items: shown, filteredItemsCount, collectionProps, filterProps, paginationProps } = useCollection(items, {
    filtering: {
      empty: <Box textAlign="center" color="inherit">{empty ?? t("common.noItems")}</Box>,
      noMatch: <Box textAlign="center" color="inherit">{t("common.noMatch")}</Box>,
    },
    pagination: { pageSize: 25 },
    sorting: {},
    selection: {},
  });

  return (
    <Table
      {...collectionProps}
      variant={variant}
      stickyHeader={variant === "full-page"}
      items={shown}
      columnDefinitions={columns}
      trackBy={trackBy}
      loading={loading && items.length === 0}
      loadingText={t("common.loading")}
      selectionType={selectionType}
      selectedItems={selected}
      onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
      ariaLabels={{
        selectionGroupLabel: t("common.selection"),
        allItemsSelectionLabel: () => t("common.selectAll"),
        itemSelectionLabel: (_, item) => String(item[trackBy]),
        tableLabel: title,
      }}
      header={
        <Header
          variant={variant === "full-page" ? "awsui-h1-sticky" : "h2"}
          counter={selected.length ? `(${selected.length}/${items.length})` : `(${items.length})`}
          description={description}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="refresh" ariaLabel={t("common.refresh")} onClick={() => reload()} />
              {actions?.(selected, reload)}
            </SpaceBetween>
          }
        >
          {title}
        </Header>
      }
      filter={
        <TextFilter
          {...filterProps}
          filteringPlaceholder={t("common.filterPlaceholder", { what: title })}
          filteringAriaLabel={t("common.filterPlaceholder", { what: title })}
          countText={t("common.matches", { count: filteredItemsCount })}
        />
      }
      pagination={<Pagination {...paginationProps} ariaLabels={{ nextPageLabel: t("common.nextPage"), previousPageLabel: t("common.previousPage"), pageLabel: (n) => t("common.page", { n }) }} />}
    />
  );
});

export default ResourceTable;
