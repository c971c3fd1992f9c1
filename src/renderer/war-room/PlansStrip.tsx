/** Below the map: where contingency plans will appear (a later release brings them). */
import { useT } from '@renderer/i18n/I18nProvider';

export function PlansStrip() {
  const t = useT();
  return (
    <section className="plans-strip" data-testid="plans-strip">
      <div className="plans-strip__head">
        <h2>{t('plans.title')}</h2>
        <span className="badge badge--later">{t('plans.badge')}</span>
      </div>
      <p className="plans-strip__body">{t('plans.body')}</p>
      <div className="plans-strip__slots" aria-hidden="true">
        <div className="plan-slot">A</div>
        <div className="plan-slot">B</div>
        <div className="plan-slot">C</div>
      </div>
    </section>
  );
}
