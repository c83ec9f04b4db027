import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { registerCounterPages } from './counter-pages.js';
import { registerDeskSettingsPages } from './desk-settings-pages.js';
import { registerConciergeApi } from './api.js';
import { registerConciergeMoneyApi } from './api-money.js';
import { registerConciergeSubscriptionApi } from './api-subscriptions.js';
import { registerConciergeWriteApi } from './api-write.js';
import { registerOfferPages } from './offer-pages.js';
import { registerPaymentPages } from './payment-pages.js';
import { registerLandlordPages } from './landlord-pages.js';
import { registerPayoutPages } from './payout-pages.js';
import { registerParcelReturnPages } from './parcel-return-pages.js';
import { registerReceiptPages } from './receipt-pages.js';
import { registerProviderPages } from './provider-pages.js';
import { registerResidentPages } from './resident-pages.js';
import { registerStaffPages } from './staff-pages.js';
import { registerStatementPages } from './statement-pages.js';
import { registerSubscriptionPages } from './subscription-pages.js';

export function registerConciergeRoutes(app: Hono<AppEnv>): void {
  registerResidentPages(app);
  registerStaffPages(app);
  registerOfferPages(app);
  registerCounterPages(app);
  registerStatementPages(app);
  registerPaymentPages(app);
  registerReceiptPages(app);
  registerPayoutPages(app);
  registerParcelReturnPages(app);
  registerDeskSettingsPages(app);
  registerLandlordPages(app);
  registerProviderPages(app);
  registerSubscriptionPages(app);
  registerConciergeApi(app);
  registerConciergeWriteApi(app);
  registerConciergeSubscriptionApi(app);
  registerConciergeMoneyApi(app);
}
