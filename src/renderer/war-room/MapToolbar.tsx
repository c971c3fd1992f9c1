/** Over the map: filters (persisted per supervisor), layers, and what the map is narrowed to. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { STAGES } from '@shared/stages';
import { CAUSES, CHANNEL_LABELS, CHANNELS, PRODUCT_TYPES, SKILL_LABELS } from '@shared/vocab';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { causeLabel, incidentTitle, stageName } from '@renderer/i18n/labels';
import type { MessageKey } from '@renderer/i18n/messages';
import { activeFilterCount, EMPTY_FILTERS, saveFilters, type MapFilters } from '@renderer/state/mapFilters';
import { useWarRoom, warRoomStore } from '@renderer/state/warRoomStore';
import { formatCount } from '@renderer/war-room/syncFigures';
import { BulkReassignDialog } from '@renderer/war-room/BulkReassignDialog';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function setFilter<K extends keyof MapFilters>(key: K, value: MapFilters[K]): void {
  const filters = { ...warRoomStore.get().filters, [key]: value };
  warRoomStore.set({ filters });
}

function Select({ label, value, options, onChange, testId }: { label: string; value: string | number | null; options: [string, string][]; onChange: (v: string | null) => void; testId: string }) {
  const t = useT();
  return (
    <label className="map-filter">
      <span>{label}</span>
      <select value={value === null ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} data-testid={testId}>
        <option value="">{t('filter.all')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

export function MapToolbar() {
  const t = useT();
  const [lang] = useLang();
  const filters = useWarRoom((s) => s.filters);
  const mapVersion = useWarRoom((s) => s.mapVersion);
  const picked = useWarRoom((s) => s.pickedOrderIds);
  const pickedLabel = useWarRoom((s) => s.pickedLabel);
  const incident = useWarRoom((s) => (s.selectedIncidentId ? s.board?.incidents.find((i) => i.id === s.selectedIncidentId) : undefined));
  const lasso = useWarRoom((s) => s.lasso);
  // the bulk re-assign dialog keeps the orders picked when it opened (the pick may change behind it)
  const [bulkOrders, setBulkOrders] = useState<readonly string[] | null>(null);
  const bulkButton = useRef<HTMLButtonElement>(null);
  // crew names for the crew filter, from the war room's one crew-load read
  const crewLoad = useWarRoom((s) => s.crewLoad);
  useEffect(() => saveFilters(storage(), filters), [filters]);
  // districts and carriers seen among the late orders (changes rarely; recomputed with the map)
  const { districts, carriers, crewIds } = useMemo(() => {
    void mapVersion;
    const d = new Set<string>();
    const c = new Set<string>();
    const w = new Set<string>();
    for (const p of warRoomStore.points.values()) {
      d.add(p.district);
      if (p.carrier) c.add(p.carrier);
      if (p.crewId) w.add(p.crewId);
    }
    return { districts: [...d].sort(), carriers: [...c].sort(), crewIds: [...w].sort() };
  }, [mapVersion]);
  const crewName = new Map((crewLoad?.crews ?? []).map((c) => [c.id, c.name]));
  const narrowed = picked
    ? pickedLabel?.startsWith('stage:')
      ? t('narrow.bottleneck', { stage: stageName(Number(pickedLabel.slice(6)), lang), n: formatCount(picked.length) })
      : t(pickedLabel === 'lasso' ? 'narrow.lasso' : 'narrow.rectangle', { n: formatCount(picked.length) })
    : incident
      ? t('narrow.incident', { title: incidentTitle(incident, lang) })
      : null;
  const label = (key: MessageKey) => t(key);
  return (
    <div className="map-toolbar" data-testid="map-toolbar">
      <div className="map-toolbar__filters">
        <Select label={label('filter.stage')} testId="filter-stage" value={filters.stage} onChange={(v) => setFilter('stage', v === null ? null : Number(v))} options={STAGES.slice(0, 11).map((s) => [String(s.no), `${s.no} ${stageName(s.no, lang)}`])} />
        <Select label={label('filter.cause')} testId="filter-cause" value={filters.cause} onChange={(v) => setFilter('cause', v)} options={CAUSES.map((c) => [c, causeLabel(c, lang)])} />
        <Select label={label('filter.district')} testId="filter-district" value={filters.district} onChange={(v) => setFilter('district', v)} options={districts.map((d) => [d, d])} />
        <Select label={label('filter.carrier')} testId="filter-carrier" value={filters.carrier} onChange={(v) => setFilter('carrier', v)} options={carriers.map((c) => [c, c])} />
        <Select label={label('filter.crew')} testId="filter-crew" value={filters.crewId} onChange={(v) => setFilter('crewId', v)} options={crewIds.map((id) => [id, crewName.get(id) ?? id])} />
        <Select label={label('filter.channel')} testId="filter-channel" value={filters.channel} onChange={(v) => setFilter('channel', v)} options={CHANNELS.map((c) => [c, lang === 'en' ? CHANNEL_LABELS[c].en : CHANNEL_LABELS[c].zh])} />
        <Select label={label('filter.product')} testId="filter-product" value={filters.productType} onChange={(v) => setFilter('productType', v)} options={PRODUCT_TYPES.map((p) => [p, lang === 'en' ? SKILL_LABELS[p]!.en : SKILL_LABELS[p]!.zh])} />
        <label className="map-filter map-filter--check">
          <input type="checkbox" checked={filters.density} onChange={(e) => setFilter('density', e.target.checked)} data-testid="toggle-density" />
          <span>{t('filter.density')}</span>
        </label>
        <label className="map-filter map-filter--check">
          <input type="checkbox" checked={filters.crews} onChange={(e) => setFilter('crews', e.target.checked)} data-testid="toggle-crews" />
          <span>{t('filter.crewLayer')}</span>
        </label>
        <button type="button" className={`btn btn--small${lasso ? ' btn--on' : ''}`} aria-pressed={lasso} title={t('filter.lassoTitle')} onClick={() => warRoomStore.set({ lasso: !lasso })} data-testid="toggle-lasso">
          {t('filter.lasso')}
        </button>
        {activeFilterCount(filters) > 0 && (
          <button type="button" className="btn btn--small" onClick={() => warRoomStore.set({ filters: { ...EMPTY_FILTERS, showAtRisk: filters.showAtRisk, density: filters.density } })}>
            {t('filter.clear')}
          </button>
        )}
      </div>
      {narrowed && (
        <div className="map-toolbar__narrow" data-testid="map-narrowed">
          <span>{narrowed}</span>
          {picked && picked.length > 0 && (
            <button type="button" ref={bulkButton} className="btn btn--small btn--primary map-toolbar__bulk" title={t('bulk.openTitle')} onClick={() => setBulkOrders(picked)} data-testid="bulk-open">
              {t('bulk.open')}
            </button>
          )}
          <button type="button" className="btn btn--small" onClick={() => warRoomStore.set({ selectedIncidentId: null, pickedOrderIds: null, pickedLabel: null })} data-testid="narrow-clear">
            {t('narrow.clear')}
          </button>
        </div>
      )}
      {bulkOrders && (
        <BulkReassignDialog
          orderIds={bulkOrders}
          onClose={() => {
            setBulkOrders(null);
            bulkButton.current?.focus();
          }}
        />
      )}
    </div>
  );
}
