// @vitest-environment happy-dom
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crmHostPatterns, developmentHostPatterns } from '../../lib/adapters/hosts';
import { adapters, detectRecord } from '../../lib/adapters/index';
import {
  deepQuery,
  fieldText,
  labelled,
  nameFromTitle,
  parseAmount,
  parseDate,
  searchRoots,
} from '../../lib/adapters/page';
import { salesforceId18 } from '../../lib/adapters/salesforce';
import type { Adapter, DetectedRecord, RecordLocation } from '../../lib/adapters/types';
import { matchesPattern } from '../../lib/adapters/url';
import { CrmSystem } from '../../lib/handoff/record';

type Expected = Omit<RecordLocation, 'system'>;
type ToolCases = { records: [url: string, expected: Expected][]; notRecords: string[] };

// Paths rather than URL objects: under Happy DOM the global URL is not the one node:fs accepts.
const here = dirname(fileURLToPath(import.meta.url));
const fixturesDir = join(here, '../fixtures/crm');
const adaptersDir = join(here, '../../lib/adapters');

const sfAccount = '001xx000003DGb2AAG';
const sfOpportunity = '0065g00000AbCdEAAV';
const dynamicsId = '8c1f6a2e-4b3d-4e5f-9a8b-7c6d5e4f3a2b';
const intercomId = '5f1a2b3c4d5e6f7a8b9c0d1e';
const vitallyId = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const planhatId = '64b7f0c2a1d3e4f5a6b7c8d9';
const gsid = '1P02IPNYBGAB6FUXCV6TKYIJRDSZCTDK2K55';

const cases: Record<CrmSystem, ToolCases> = {
  salesforce: {
    records: [
      [
        `https://acme.lightning.force.com/lightning/r/Account/${sfAccount}/view`,
        {
          instance: 'acme',
          objectKind: 'account',
          nativeType: 'Account',
          id: sfAccount,
          url: `https://acme.lightning.force.com/lightning/r/Account/${sfAccount}/view`,
        },
      ],
      [
        'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdE/view',
        {
          instance: 'acme',
          objectKind: 'opportunity',
          nativeType: 'Opportunity',
          id: sfOpportunity,
          url: `https://acme.lightning.force.com/lightning/r/Opportunity/${sfOpportunity}/view`,
        },
      ],
      [
        'https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEaav/edit',
        {
          instance: 'acme--uat.sandbox',
          objectKind: 'opportunity',
          nativeType: 'Opportunity',
          id: sfOpportunity,
          url: `https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/${sfOpportunity}/view`,
        },
      ],
      [
        `https://acme.lightning.force.com/lightning/r/Account/${sfAccount}/related/Contacts/view`,
        {
          instance: 'acme',
          objectKind: 'account',
          nativeType: 'Account',
          id: sfAccount,
          url: `https://acme.lightning.force.com/lightning/r/Account/${sfAccount}/view`,
        },
      ],
      [
        `https://acme.lightning.force.com/lightning/r/Case/500Dn00000Xy7Qr/view?ws=%2Flightning%2Fr%2FAccount%2F${sfAccount}%2Fview`,
        {
          instance: 'acme',
          objectKind: 'ticket',
          nativeType: 'Case',
          id: '500Dn00000Xy7QrIAJ',
          url: 'https://acme.lightning.force.com/lightning/r/Case/500Dn00000Xy7QrIAJ/view',
        },
      ],
      [
        'https://acme-dev-ed.develop.lightning.force.com/lightning/r/Lead/00Q8c00001aBcDe/view/',
        {
          instance: 'acme-dev-ed.develop',
          objectKind: 'lead',
          nativeType: 'Lead',
          id: '00Q8c00001aBcDeEAK',
          url: 'https://acme-dev-ed.develop.lightning.force.com/lightning/r/Lead/00Q8c00001aBcDeEAK/view',
        },
      ],
      [
        'https://ACME.Lightning.Force.com/lightning/r/Contact/0035e000007ZzYy/view#details',
        {
          instance: 'acme',
          objectKind: 'contact',
          nativeType: 'Contact',
          id: '0035e000007ZzYyAAK',
          url: 'https://acme.lightning.force.com/lightning/r/Contact/0035e000007ZzYyAAK/view',
        },
      ],
    ],
    notRecords: [
      'http://acme.lightning.force.com/lightning/r/Account/001xx000003DGb2AAG/view',
      'https://acme.lightning.force.com/lightning/o/Account/list?filterName=Recent',
      'https://acme.lightning.force.com/lightning/o/Opportunity/home',
      'https://acme.lightning.force.com/lightning/page/home',
      'https://acme.lightning.force.com/lightning/setup/SetupOneHome/home',
      'https://acme.lightning.force.com/lightning/r/CustomThing__c/a0D30000001n7Pi/view',
      'https://acme.lightning.force.com/lightning/r/AccountContactRelation/07k5e00000AbCdE/view',
      'https://acme.lightning.force.com/lightning/r/Account/001xx000003DGb/view',
      'https://acme.lightning.force.com/lightning/r/Account/001xx000003DGb2AAH/view',
      'https://acme.lightning.force.com/lightning/r/Account/001xx000003DGb2A/view',
      'https://acme.lightning.force.com/lightning/r/Account/006xx000003DGb2/view',
      'https://acme.lightning.force.com/lightning/r/Account/001xx000003DGb2AAG/feed',
      'https://acme.lightning.force.com/lightning/r/001xx000003DGb2AAG/view',
      'https://lightning.force.com/lightning/r/Account/001xx000003DGb2AAG/view',
      'https://a.b.lightning.force.com/lightning/r/Account/001xx000003DGb2AAG/view',
      'https://acme.my.salesforce.com/001xx000003DGb2',
      'https://evil-lightning.force.com.attacker.example/lightning/r/Account/001xx000003DGb2AAG/view',
      'https://acme.lightning.force.com.evil.example/lightning/r/Account/001xx000003DGb2AAG/view',
      'https://acme.lightning.force.com@evil.example/lightning/r/Account/001xx000003DGb2AAG/view',
      'https://acmelightning.force.com/lightning/r/Account/001xx000003DGb2AAG/view',
    ],
  },
  hubspot: {
    records: [
      [
        'https://app.hubspot.com/contacts/2460131/record/0-2/9271624130',
        {
          instance: '2460131',
          objectKind: 'account',
          nativeType: 'company',
          id: '9271624130',
          url: 'https://app.hubspot.com/contacts/2460131/record/0-2/9271624130',
        },
      ],
      [
        'https://app-eu1.hubspot.com/contacts/2460131/record/0-3/18392735311/',
        {
          instance: '2460131',
          objectKind: 'opportunity',
          nativeType: 'deal',
          id: '18392735311',
          url: 'https://app-eu1.hubspot.com/contacts/2460131/record/0-3/18392735311',
        },
      ],
      [
        'https://app.hubspot.com/contacts/2460131/record/0-1/851?interaction=note',
        {
          instance: '2460131',
          objectKind: 'contact',
          nativeType: 'contact',
          id: '851',
          url: 'https://app.hubspot.com/contacts/2460131/record/0-1/851',
        },
      ],
      [
        'https://app-na2.hubspot.com/contacts/2460131/record/0-5/3301/activities',
        {
          instance: '2460131',
          objectKind: 'ticket',
          nativeType: 'ticket',
          id: '3301',
          url: 'https://app-na2.hubspot.com/contacts/2460131/record/0-5/3301',
        },
      ],
      [
        'https://app.hubspot.com/contacts/2460131/company/9271624130',
        {
          instance: '2460131',
          objectKind: 'account',
          nativeType: 'company',
          id: '9271624130',
          url: 'https://app.hubspot.com/contacts/2460131/record/0-2/9271624130',
        },
      ],
      [
        'https://app.hubspot.com/contacts/2460131/deal/18392735311',
        {
          instance: '2460131',
          objectKind: 'opportunity',
          nativeType: 'deal',
          id: '18392735311',
          url: 'https://app.hubspot.com/contacts/2460131/record/0-3/18392735311',
        },
      ],
      [
        'https://app-ap1.hubspot.com/contacts/2460131/contact/851',
        {
          instance: '2460131',
          objectKind: 'contact',
          nativeType: 'contact',
          id: '851',
          url: 'https://app-ap1.hubspot.com/contacts/2460131/record/0-1/851',
        },
      ],
      [
        'https://app-na3.hubspot.com/contacts/2460131/ticket/3301',
        {
          instance: '2460131',
          objectKind: 'ticket',
          nativeType: 'ticket',
          id: '3301',
          url: 'https://app-na3.hubspot.com/contacts/2460131/record/0-5/3301',
        },
      ],
    ],
    notRecords: [
      'http://app.hubspot.com/contacts/2460131/record/0-2/9271624130',
      'https://app.hubspot.com/contacts/2460131/objects/0-3/views/all/list',
      'https://app.hubspot.com/contacts/2460131/record/0-2/',
      'https://app.hubspot.com/contacts/2460131/record/0-7/55',
      'https://app.hubspot.com/contacts/2460131/record/2-1234567/55',
      'https://app.hubspot.com/contacts/2460131/record/0-2/abc',
      'https://app.hubspot.com/contacts/portal/record/0-2/9271624130',
      'https://app.hubspot.com/contacts/2460131/companies',
      'https://app.hubspot.com/settings/2460131/users',
      'https://app.hubspot.com/reports-dashboard/2460131/view/1',
      'https://www.hubspot.com/contacts/2460131/record/0-2/9271624130',
      'https://app-xx9.hubspot.com/contacts/2460131/record/0-2/9271624130',
      'https://app.hubspot.com.evil.example/contacts/2460131/record/0-2/9271624130',
    ],
  },
  pipedrive: {
    records: [
      [
        'https://acme.pipedrive.com/deal/1482',
        {
          instance: 'acme',
          objectKind: 'opportunity',
          nativeType: 'deal',
          id: '1482',
          url: 'https://acme.pipedrive.com/deal/1482',
        },
      ],
      [
        'https://acme.pipedrive.com/organization/311/',
        {
          instance: 'acme',
          objectKind: 'account',
          nativeType: 'organization',
          id: '311',
          url: 'https://acme.pipedrive.com/organization/311',
        },
      ],
      [
        'https://acme-sales.pipedrive.com/person/902?tab=emails',
        {
          instance: 'acme-sales',
          objectKind: 'contact',
          nativeType: 'person',
          id: '902',
          url: 'https://acme-sales.pipedrive.com/person/902',
        },
      ],
    ],
    notRecords: [
      'http://acme.pipedrive.com/deal/1482',
      'https://acme.pipedrive.com/pipeline/1/user/everyone',
      'https://acme.pipedrive.com/deals/list',
      'https://acme.pipedrive.com/organizations/list',
      'https://acme.pipedrive.com/settings/company',
      'https://acme.pipedrive.com/product/12',
      'https://acme.pipedrive.com/deal/new',
      'https://acme.pipedrive.com/deal/',
      'https://app.pipedrive.com/deal/1482',
      'https://www.pipedrive.com/deal/1482',
      'https://pipedrive.com/deal/1482',
      'https://acme.pipedrive.com.evil.example/deal/1482',
      'https://acme.evil-pipedrive.com/deal/1482',
    ],
  },
  dynamics365: {
    records: [
      [
        `https://contoso.crm.dynamics.com/main.aspx?appid=5b3c2a1d-8e7f-4a6b-9c0d-1e2f3a4b5c6d&pagetype=entityrecord&etn=account&id=${dynamicsId}`,
        {
          instance: 'contoso.crm',
          objectKind: 'account',
          nativeType: 'account',
          id: dynamicsId,
          url: `https://contoso.crm.dynamics.com/main.aspx?appid=5b3c2a1d-8e7f-4a6b-9c0d-1e2f3a4b5c6d&pagetype=entityrecord&etn=account&id=${dynamicsId}`,
        },
      ],
      [
        'https://contoso.crm4.dynamics.com/main.aspx?id=%7B8C1F6A2E-4B3D-4E5F-9A8B-7C6D5E4F3A2B%7D&etn=opportunity&pagetype=entityrecord',
        {
          instance: 'contoso.crm4',
          objectKind: 'opportunity',
          nativeType: 'opportunity',
          id: dynamicsId,
          url: `https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=${dynamicsId}`,
        },
      ],
      [
        'https://contoso.crm21.dynamics.com/main.aspx?etn=incident&pagetype=entityrecord&id={8c1f6a2e-4b3d-4e5f-9a8b-7c6d5e4f3a2b}',
        {
          instance: 'contoso.crm21',
          objectKind: 'ticket',
          nativeType: 'incident',
          id: dynamicsId,
          url: `https://contoso.crm21.dynamics.com/main.aspx?pagetype=entityrecord&etn=incident&id=${dynamicsId}`,
        },
      ],
      [
        `https://contoso.crm11.dynamics.com/main.aspx?pagetype=EntityRecord&etn=Contact&id=%7b${dynamicsId.toUpperCase()}%7d`,
        {
          instance: 'contoso.crm11',
          objectKind: 'contact',
          nativeType: 'contact',
          id: dynamicsId,
          url: `https://contoso.crm11.dynamics.com/main.aspx?pagetype=entityrecord&etn=contact&id=${dynamicsId}`,
        },
      ],
      [
        `https://contoso.crm2.dynamics.com/main.aspx?forceUCI=1&pagetype=entityrecord&etn=lead&id=${dynamicsId}`,
        {
          instance: 'contoso.crm2',
          objectKind: 'lead',
          nativeType: 'lead',
          id: dynamicsId,
          url: `https://contoso.crm2.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=${dynamicsId}`,
        },
      ],
      [
        `https://contoso.crm.dynamics.com/main.aspx?ETN=account&ID=${dynamicsId}&PAGETYPE=entityrecord`,
        {
          instance: 'contoso.crm',
          objectKind: 'account',
          nativeType: 'account',
          id: dynamicsId,
          url: `https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=${dynamicsId}`,
        },
      ],
      [
        `https://contoso.crm5.dynamics.com/main.aspx?AppId=5B3C2A1D-8E7F-4A6B-9C0D-1E2F3A4B5C6D&PageType=EntityRecord&Etn=Opportunity&Id=%7B${dynamicsId.toUpperCase()}%7D`,
        {
          instance: 'contoso.crm5',
          objectKind: 'opportunity',
          nativeType: 'opportunity',
          id: dynamicsId,
          url: `https://contoso.crm5.dynamics.com/main.aspx?appid=5b3c2a1d-8e7f-4a6b-9c0d-1e2f3a4b5c6d&pagetype=entityrecord&etn=opportunity&id=${dynamicsId}`,
        },
      ],
    ],
    notRecords: [
      `http://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=${dynamicsId}`,
      'https://contoso.crm.dynamics.com/main.aspx?pagetype=entitylist&etn=account&viewid=00000000-0000-0000-00aa-000010001001',
      'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=account',
      `https://contoso.crm.dynamics.com/main.aspx?PAGETYPE=entitylist&ETN=account&ID=${dynamicsId}`,
      `https://contoso.crm.dynamics.com/main.aspx?PageType=EntityRecord&Etn=Quote&Id=${dynamicsId}`,
      'https://contoso.crm.dynamics.com/main.aspx?PAGETYPE=entityrecord&ETN=account',
      `https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=quote&id=${dynamicsId}`,
      'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=8c1f6a2e-4b3d-4e5f-9a8b',
      'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=not-a-guid',
      `https://contoso.crm.dynamics.com/main.aspx?pagetype=dashboard&id=${dynamicsId}`,
      'https://contoso.crm.dynamics.com/main.aspx?settingsonly=true',
      `https://contoso.crm.dynamics.com/apps/main.aspx?pagetype=entityrecord&etn=account&id=${dynamicsId}`,
      `https://contoso.crm22.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=${dynamicsId}`,
      `https://contoso.crm1.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=${dynamicsId}`,
      `https://crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=${dynamicsId}`,
      `https://contoso.crm.dynamics.com.evil.example/main.aspx?pagetype=entityrecord&etn=account&id=${dynamicsId}`,
      `https://contoso.api.crm.dynamics.com/api/data/v9.2/accounts(${dynamicsId})`,
    ],
  },
  zoho: {
    records: [
      [
        'https://crm.zoho.com/crm/org20071234/tab/Accounts/4876876000000123456',
        {
          instance: 'crm.zoho.com/org20071234',
          objectKind: 'account',
          nativeType: 'Accounts',
          id: '4876876000000123456',
          url: 'https://crm.zoho.com/crm/org20071234/tab/Accounts/4876876000000123456',
        },
      ],
      [
        'https://crm.zoho.eu/crm/org20071234/tab/Potentials/4876876000000345001?sub_module=Notes',
        {
          instance: 'crm.zoho.eu/org20071234',
          objectKind: 'opportunity',
          nativeType: 'Potentials',
          id: '4876876000000345001',
          url: 'https://crm.zoho.eu/crm/org20071234/tab/Potentials/4876876000000345001',
        },
      ],
      [
        'https://crm.zoho.com.au/crm/org7001/tab/Contacts/55001',
        {
          instance: 'crm.zoho.com.au/org7001',
          objectKind: 'contact',
          nativeType: 'Contacts',
          id: '55001',
          url: 'https://crm.zoho.com.au/crm/org7001/tab/Contacts/55001',
        },
      ],
      [
        'https://crm.zohocloud.ca/crm/org7001/tab/Leads/55002/',
        {
          instance: 'crm.zohocloud.ca/org7001',
          objectKind: 'lead',
          nativeType: 'Leads',
          id: '55002',
          url: 'https://crm.zohocloud.ca/crm/org7001/tab/Leads/55002',
        },
      ],
      [
        'https://crm.zoho.in/crm/org7001/tab/Cases/55003',
        {
          instance: 'crm.zoho.in/org7001',
          objectKind: 'ticket',
          nativeType: 'Cases',
          id: '55003',
          url: 'https://crm.zoho.in/crm/org7001/tab/Cases/55003',
        },
      ],
      [
        'https://crm.zoho.jp/crm/org7001/tab/Accounts/55004',
        {
          instance: 'crm.zoho.jp/org7001',
          objectKind: 'account',
          nativeType: 'Accounts',
          id: '55004',
          url: 'https://crm.zoho.jp/crm/org7001/tab/Accounts/55004',
        },
      ],
      [
        'https://crm.zoho.sa/crm/org7001/tab/Potentials/55005?sub_module=Activities',
        {
          instance: 'crm.zoho.sa/org7001',
          objectKind: 'opportunity',
          nativeType: 'Potentials',
          id: '55005',
          url: 'https://crm.zoho.sa/crm/org7001/tab/Potentials/55005',
        },
      ],
      [
        'https://crm.zoho.uk/crm/org7001/tab/Contacts/55006/',
        {
          instance: 'crm.zoho.uk/org7001',
          objectKind: 'contact',
          nativeType: 'Contacts',
          id: '55006',
          url: 'https://crm.zoho.uk/crm/org7001/tab/Contacts/55006',
        },
      ],
    ],
    notRecords: [
      'http://crm.zoho.com/crm/org20071234/tab/Accounts/4876876000000123456',
      'https://crm.zoho.com/crm/org20071234/tab/Accounts/custom-view/4876876000000087501/list',
      'https://crm.zoho.com/crm/org20071234/tab/Accounts/create',
      'https://crm.zoho.com/crm/org20071234/tab/Home/begin',
      'https://crm.zoho.com/crm/org20071234/tab/CustomModule1/4876876000000123456',
      'https://crm.zoho.com/crm/org20071234/settings/modules',
      'https://crm.zoho.com/crm/tab/Accounts/4876876000000123456',
      'https://crm.zoho.com/crm/org20071234/tab/Accounts/48768760000001234ab',
      'https://crm.zoho.de/crm/org20071234/tab/Accounts/4876876000000123456',
      'https://crm.zoho.co.uk/crm/org7001/tab/Contacts/55006',
      'https://crm.zoho.com.sa/crm/org7001/tab/Potentials/55005',
      'https://crm.zoho.co.jp/crm/org7001/tab/Accounts/55004',
      'https://crm.zoho.uk.evil.example/crm/org7001/tab/Contacts/55006',
      'https://books.zoho.com/crm/org20071234/tab/Accounts/4876876000000123456',
      'https://crm.zoho.com.evil.example/crm/org20071234/tab/Accounts/4876876000000123456',
    ],
  },
  gainsight: {
    records: [
      [
        `https://acme.gainsightcloud.com/v1/ui/customersuccess360?cid=${gsid}`,
        {
          instance: 'acme',
          objectKind: 'account',
          nativeType: 'company',
          id: gsid,
          url: `https://acme.gainsightcloud.com/v1/ui/customersuccess360?cid=${gsid}`,
        },
      ],
      [
        `https://acme-sandbox.gainsightcloud.com/v1/ui/customersuccess360?view=summary&cid=${gsid}#overview`,
        {
          instance: 'acme-sandbox',
          objectKind: 'account',
          nativeType: 'company',
          id: gsid,
          url: `https://acme-sandbox.gainsightcloud.com/v1/ui/customersuccess360?cid=${gsid}`,
        },
      ],
    ],
    notRecords: [
      `http://acme.gainsightcloud.com/v1/ui/customersuccess360?cid=${gsid}`,
      'https://acme.gainsightcloud.com/v1/ui/customersuccess360',
      'https://acme.gainsightcloud.com/v1/ui/customersuccess360?cid=',
      'https://acme.gainsightcloud.com/v1/ui/customersuccess360?cid=1P02',
      'https://acme.gainsightcloud.com/v1/ui/customersuccess360?cid=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      `https://acme.gainsightcloud.com/v1/ui/relationship360?rid=${gsid}`,
      'https://acme.gainsightcloud.com/v1/ui/home',
      'https://acme.gainsightcloud.com/v1/ui/cockpit#/list',
      'https://acme.gainsightcloud.com/v1/admin/setup',
      `https://gainsightcloud.com/v1/ui/customersuccess360?cid=${gsid}`,
      `https://acme.gainsightcloud.com.evil.example/v1/ui/customersuccess360?cid=${gsid}`,
    ],
  },
  zendesk: {
    records: [
      [
        'https://acme.zendesk.com/agent/tickets/4821',
        {
          instance: 'acme',
          objectKind: 'ticket',
          nativeType: 'ticket',
          id: '4821',
          url: 'https://acme.zendesk.com/agent/tickets/4821',
        },
      ],
      [
        'https://acme.zendesk.com/agent/organizations/360012345678/tickets',
        {
          instance: 'acme',
          objectKind: 'account',
          nativeType: 'organization',
          id: '360012345678',
          url: 'https://acme.zendesk.com/agent/organizations/360012345678',
        },
      ],
      [
        'https://acme-support.zendesk.com/agent/users/902771/requested_tickets',
        {
          instance: 'acme-support',
          objectKind: 'contact',
          nativeType: 'user',
          id: '902771',
          url: 'https://acme-support.zendesk.com/agent/users/902771',
        },
      ],
    ],
    notRecords: [
      'http://acme.zendesk.com/agent/tickets/4821',
      'https://acme.zendesk.com/agent/dashboard',
      'https://acme.zendesk.com/agent/filters/360001234567',
      'https://acme.zendesk.com/agent/tickets/new/1',
      'https://acme.zendesk.com/agent/organizations',
      'https://acme.zendesk.com/agent/search/1?q=invoice',
      'https://acme.zendesk.com/admin/home',
      'https://acme.zendesk.com/hc/en-us/articles/4821',
      'https://acme.zendesk.com/agent/groups/4821',
      'https://www.zendesk.com/agent/tickets/4821',
      'https://zendesk.com/agent/tickets/4821',
      'https://acme.eu.zendesk.com/agent/tickets/4821',
      'https://acme.zendesk.com.evil.example/agent/tickets/4821',
    ],
  },
  intercom: {
    records: [
      [
        `https://app.intercom.com/a/apps/x7k2p9qa/companies/${intercomId}`,
        {
          instance: 'x7k2p9qa',
          objectKind: 'account',
          nativeType: 'company',
          id: intercomId,
          url: `https://app.intercom.com/a/apps/x7k2p9qa/companies/${intercomId}`,
        },
      ],
      [
        `https://app.eu.intercom.com/a/apps/x7k2p9qa/users/${intercomId}/all-conversations`,
        {
          instance: 'x7k2p9qa',
          objectKind: 'contact',
          nativeType: 'user',
          id: intercomId,
          url: `https://app.eu.intercom.com/a/apps/x7k2p9qa/users/${intercomId}`,
        },
      ],
      [
        'https://app.intercom.com/a/inbox/x7k2p9qa/inbox/shared/all/conversation/215471234567890',
        {
          instance: 'x7k2p9qa',
          objectKind: 'ticket',
          nativeType: 'conversation',
          id: '215471234567890',
          url: 'https://app.intercom.com/a/inbox/x7k2p9qa/inbox/conversation/215471234567890',
        },
      ],
      [
        'https://app.au.intercom.com/a/inbox/x7k2p9qa/inbox/admin/4410/conversation/77?view=List',
        {
          instance: 'x7k2p9qa',
          objectKind: 'ticket',
          nativeType: 'conversation',
          id: '77',
          url: 'https://app.au.intercom.com/a/inbox/x7k2p9qa/inbox/conversation/77',
        },
      ],
      [
        'https://app.intercom.com/a/apps/x7k2p9qa/inbox/inbox/conversation/215471234567890',
        {
          instance: 'x7k2p9qa',
          objectKind: 'ticket',
          nativeType: 'conversation',
          id: '215471234567890',
          url: 'https://app.intercom.com/a/inbox/x7k2p9qa/inbox/conversation/215471234567890',
        },
      ],
    ],
    notRecords: [
      `http://app.intercom.com/a/apps/x7k2p9qa/companies/${intercomId}`,
      'https://app.intercom.com/a/apps/x7k2p9qa/companies/segments/active',
      'https://app.intercom.com/a/apps/x7k2p9qa/users/segments/all-users',
      'https://app.intercom.com/a/inbox/x7k2p9qa/inbox/shared/all',
      'https://app.intercom.com/a/inbox/x7k2p9qa/inbox/shared/all/conversation/',
      'https://app.intercom.com/a/apps/x7k2p9qa/companies/not-an-id',
      'https://app.intercom.com/a/apps/x7k2p9qa/settings/workspace',
      'https://app.intercom.com/a/apps/x7k2p9qa/home',
      `https://app.intercom.com/a/apps/x7k2p9qa/articles/${intercomId}`,
      `https://www.intercom.com/a/apps/x7k2p9qa/companies/${intercomId}`,
      `https://app.intercom.io/a/apps/x7k2p9qa/companies/${intercomId}`,
      `https://app.intercom.com.evil.example/a/apps/x7k2p9qa/companies/${intercomId}`,
    ],
  },
  freshdesk: {
    records: [
      [
        'https://acme.freshdesk.com/a/tickets/1934',
        {
          instance: 'acme',
          objectKind: 'ticket',
          nativeType: 'ticket',
          id: '1934',
          url: 'https://acme.freshdesk.com/a/tickets/1934',
        },
      ],
      [
        'https://acme.freshdesk.com/a/companies/48000123456',
        {
          instance: 'acme',
          objectKind: 'account',
          nativeType: 'company',
          id: '48000123456',
          url: 'https://acme.freshdesk.com/a/companies/48000123456',
        },
      ],
      [
        'https://acme.freshdesk.com/a/contacts/48000987654?tab=tickets',
        {
          instance: 'acme',
          objectKind: 'contact',
          nativeType: 'contact',
          id: '48000987654',
          url: 'https://acme.freshdesk.com/a/contacts/48000987654',
        },
      ],
    ],
    notRecords: [
      'http://acme.freshdesk.com/a/tickets/1934',
      'https://acme.freshdesk.com/a/tickets/filters/all_tickets',
      'https://acme.freshdesk.com/a/tickets',
      'https://acme.freshdesk.com/a/companies',
      'https://acme.freshdesk.com/a/admin',
      'https://acme.freshdesk.com/a/dashboard/default',
      'https://acme.freshdesk.com/support/tickets/1934',
      'https://acme.freshdesk.com/a/solutions/articles/1934',
      'https://freshdesk.com/a/tickets/1934',
      'https://acme.freshdesk.com.evil.example/a/tickets/1934',
    ],
  },
  vitally: {
    records: [
      [
        `https://acme.vitally.io/hub/accounts/${vitallyId}`,
        {
          instance: 'acme',
          objectKind: 'account',
          nativeType: 'account',
          id: vitallyId,
          url: `https://acme.vitally.io/hub/accounts/${vitallyId}`,
        },
      ],
      [
        `https://acme.vitally.io/accounts/${vitallyId.toUpperCase()}/notes`,
        {
          instance: 'acme',
          objectKind: 'account',
          nativeType: 'account',
          id: vitallyId,
          url: `https://acme.vitally.io/accounts/${vitallyId}`,
        },
      ],
      [
        `https://acme.vitally.io/hub/segments/enterprise/accounts/${vitallyId}?tab=traits`,
        {
          instance: 'acme',
          objectKind: 'account',
          nativeType: 'account',
          id: vitallyId,
          url: `https://acme.vitally.io/hub/segments/enterprise/accounts/${vitallyId}`,
        },
      ],
    ],
    notRecords: [
      `http://acme.vitally.io/hub/accounts/${vitallyId}`,
      'https://acme.vitally.io/hub/accounts',
      'https://acme.vitally.io/hub/accounts/list',
      'https://acme.vitally.io/hub/accounts/3f2a9c1e',
      `https://acme.vitally.io/hub/users/${vitallyId}`,
      'https://acme.vitally.io/settings/integrations',
      `https://docs.vitally.io/hub/accounts/${vitallyId}`,
      `https://vitally.io/hub/accounts/${vitallyId}`,
      `https://acme.vitally.io.evil.example/hub/accounts/${vitallyId}`,
    ],
  },
  planhat: {
    records: [
      [
        `https://app.planhat.com/profile/${planhatId}`,
        {
          instance: 'planhat',
          objectKind: 'account',
          nativeType: 'company',
          id: planhatId,
          url: `https://app.planhat.com/profile/${planhatId}`,
        },
      ],
      [
        `https://ws.planhat.com/acme/profile/${planhatId}/usage`,
        {
          instance: 'planhat',
          objectKind: 'account',
          nativeType: 'company',
          id: planhatId,
          url: `https://ws.planhat.com/acme/profile/${planhatId}`,
        },
      ],
      [
        `https://ws.planhat.com/acme/home/data-explorer/company?preview=Company.${planhatId}`,
        {
          instance: 'planhat',
          objectKind: 'account',
          nativeType: 'company',
          id: planhatId,
          url: `https://ws.planhat.com/acme/home/data-explorer/company?preview=Company.${planhatId}`,
        },
      ],
    ],
    notRecords: [
      `http://app.planhat.com/profile/${planhatId}`,
      'https://ws.planhat.com/acme/home/data-explorer/company',
      `https://ws.planhat.com/acme/home/data-explorer/conversation?preview=Conversation.${planhatId}`,
      'https://app.planhat.com/profile/not-an-object-id',
      `https://app.planhat.com/a/b/profile/${planhatId}`,
      'https://app.planhat.com/settings',
      `https://api.planhat.com/companies/${planhatId}`,
      `https://app.planhat.com.evil.example/profile/${planhatId}`,
    ],
  },
  demo: {
    records: [
      [
        'http://localhost:8787/demo/accounts/ACME-1',
        {
          instance: 'localhost',
          objectKind: 'account',
          nativeType: 'account',
          id: 'ACME-1',
          url: 'http://localhost:8787/demo/accounts/ACME-1',
        },
      ],
      [
        'http://localhost/demo/opportunities/OPP-2',
        {
          instance: 'localhost',
          objectKind: 'opportunity',
          nativeType: 'opportunity',
          id: 'OPP-2',
          url: 'http://localhost/demo/opportunities/OPP-2',
        },
      ],
    ],
    notRecords: [
      'https://localhost/demo/accounts/ACME-1',
      'http://localhost:8787/demo/',
      'http://localhost:8787/demo/accounts/',
      'http://localhost:8787/demo/accounts/ACME-1/edit',
      'http://localhost:8787/demo/contacts/C-1',
      'http://localhost:8787/demo/accounts/%3Cscript%3E',
      'http://localhost:8787/v1/packets',
      'http://127.0.0.1:8787/demo/accounts/ACME-1',
      'http://localhost.evil.example/demo/accounts/ACME-1',
    ],
  },
};

describe.each(Object.entries(cases))('%s URLs', (system, { records, notRecords }) => {
  it.each(records)('%s is a record', (url, expected) => {
    expect(detectRecord(url)).toEqual({ system, ...expected });
  });

  it.each(notRecords)('%s is not a record', (url) => {
    expect(detectRecord(url)).toBeNull();
  });

  it('gives the same record for its canonical link', () => {
    for (const [url] of records) {
      const record = detectRecord(url);
      expect(record && detectRecord(record.url)).toEqual(record);
    }
  });
});

describe('detectRecord', () => {
  it.each([
    '',
    'not a url',
    '/lightning/r/Account/001xx000003DGb2AAG/view',
    'javascript:alert(1)',
    'about:blank',
  ])('gives null for %j', (url) => {
    expect(detectRecord(url)).toBeNull();
  });

  it('takes a URL object', () => {
    const url = new URL(`https://acme.lightning.force.com/lightning/r/Account/${sfAccount}/view`);
    expect(detectRecord(url)?.id).toBe(sfAccount);
  });

  it('still gives the record when reading the page throws', () => {
    const brokenDocument = {} as Document;
    const url = 'https://acme.zendesk.com/agent/tickets/4821';
    expect(detectRecord(url, brokenDocument)).toEqual(detectRecord(url));
  });
});

describe('Salesforce ids', () => {
  it.each([
    ['001A0000006Vm9r', '001A0000006Vm9rIAC'],
    ['001xx000003DGb2', '001xx000003DGb2AAG'],
    ['a0D30000001n7Pi', 'a0D30000001n7PiEAI'],
    ['00D000000000062', '00D000000000062EAA'],
    ['500Dn00000Xy7Qr', '500Dn00000Xy7QrIAJ'],
    ['ABCDEABCDEABCDE', 'ABCDEABCDEABCDE555'],
    ['zzzzzzzzzzzzzzz', 'zzzzzzzzzzzzzzzAAA'],
  ])('%s is %s in 18 characters', (id15, id18) => {
    expect(salesforceId18(id15)).toBe(id18);
    expect(salesforceId18(id18)).toBe(id18);
    expect(salesforceId18(`${id15}${id18.slice(15).toLowerCase()}`)).toBe(id18);
  });

  it.each([
    '001A0000006Vm9rIAD',
    '001A0000006Vm9',
    '001A0000006Vm9rI',
    '001A0000006Vm9r-AC',
    '001A0000006Vm9rIAC0',
  ])('refuses %s', (id) => {
    expect(salesforceId18(id)).toBeNull();
  });
});

/** Happy DOM does not parse `<template shadowrootmode>`; Chromium does, so the fixtures use it. */
function attachDeclarativeShadowRoots(root: ParentNode): void {
  for (const template of root.querySelectorAll<HTMLTemplateElement>('template[shadowrootmode="open"]')) {
    const host = template.parentElement;
    if (!host) continue;
    const shadowRoot = host.attachShadow({ mode: 'open' });
    shadowRoot.append(template.content);
    template.remove();
    attachDeclarativeShadowRoots(shadowRoot);
  }
}

function parsePage(html: string): Document {
  const document = new DOMParser().parseFromString(html, 'text/html');
  attachDeclarativeShadowRoots(document);
  return document;
}

function fixture(file: string): { url: string; html: string } {
  const html = readFileSync(join(fixturesDir, file), 'utf8');
  const comment = /^<!doctype html>\s*<!--([\s\S]*?)-->/i.exec(html)?.[1] ?? '';
  const url = /^\s*(https?:\/\/\S+)\s*$/m.exec(comment)?.[1];
  if (!url) throw new Error(`${file} does not name its URL on a line of its own in its opening comment`);
  return { url, html };
}

/** What the Salesforce opportunity fixture shows of its record. */
const salesforceOpportunityShown = {
  name: 'Acme Corp — Platform renewal 2027',
  context: {
    amount: 120000,
    stage: 'Negotiation/Review',
    closeDate: '2026-11-30',
    owner: 'Dana Whitfield',
    account: 'Acme Corp',
  },
};

const fixturePages: [file: string, details: Pick<DetectedRecord, 'name' | 'context'> | null][] = [
  ['salesforce/account.html', { name: 'Acme Corp', context: { owner: 'Dana Whitfield' } }],
  ['salesforce/opportunity-shadow.html', salesforceOpportunityShown],
  ['salesforce/account-list.html', null],
  [
    'hubspot/deal.html',
    {
      name: 'Globex – Erweiterung Außendienst',
      context: {
        amount: 86500,
        stage: 'Vertrag gesendet',
        closeDate: '2026-12-15',
        owner: 'Marcus Oyelaran',
      },
    },
  ],
  [
    'hubspot/deal-labels.html',
    {
      name: 'Initech – Support add-on',
      context: {
        amount: 24000,
        stage: 'Decision maker bought-in',
        closeDate: '2027-01-29',
        owner: 'Marcus Oyelaran',
      },
    },
  ],
  ['hubspot/company.html', { name: 'Acme Corp', context: { owner: 'Dana Whitfield' } }],
  ['hubspot/deals-list.html', null],
  ['pipedrive/deal.html', { name: 'Initech onboarding bundle' }],
  ['dynamics365/account.html', { name: 'Contoso Ltd' }],
  ['zoho/deal.html', { name: 'Umbrella Corp - Renewal 2027' }],
  ['gainsight/company.html', { name: 'Initech' }],
  ['zendesk/ticket.html', { name: 'Cannot export invoices to CSV' }],
  ['zendesk/organization.html', { name: 'Initech' }],
  ['intercom/conversation.html', { name: 'Question about SSO setup' }],
  ['intercom/company.html', { name: 'Initech' }],
  ['freshdesk/ticket.html', { name: 'SSO login loops back to the sign-in page' }],
  ['vitally/account.html', { name: 'Initech' }],
  ['planhat/company.html', { name: 'Initech' }],
  ['demo/account.html', { name: 'Acme Corp', context: { owner: 'Dana Whitfield' } }],
  [
    'demo/opportunity.html',
    {
      name: 'Globex — Field operations expansion',
      context: {
        amount: 86500,
        stage: 'Negotiation/Review',
        closeDate: '2026-12-15',
        owner: 'Marcus Oyelaran',
        account: 'Globex Corporation',
      },
    },
  ],
];

describe.each(fixturePages)('fixture %s', (file, details) => {
  const { url, html } = fixture(file);

  if (!details) {
    it('is not a record', () => {
      expect(detectRecord(url, parsePage(html))).toBeNull();
    });
    return;
  }

  it('gives the record with its name and context', () => {
    expect(detectRecord(url, parsePage(html))).toEqual({ ...detectRecord(url), ...details });
  });

  it('gives the name from the page alone, while the title still says something else', () => {
    const document = parsePage(html);
    document.title = 'Loading…';
    expect(detectRecord(url, document)?.name).toBe(details.name);
  });

  it('gives the name from the title alone, before the page has rendered', () => {
    const document = parsePage('<!doctype html><html><head><title></title></head><body></body></html>');
    document.title = parsePage(html).title;
    expect(detectRecord(url, document)?.name).toBe(details.name);
  });
});

describe('Salesforce field values', () => {
  const { url, html } = fixture('salesforce/opportunity-shadow.html');
  const ownerItem = '[data-target-selection-name="sfdc:RecordField.Opportunity.OwnerId"]';

  it('reads a value the layout item slots in as its outputField, whatever component renders it', () => {
    const document = parsePage(html);
    const slotted = deepQuery(searchRoots(document), `${ownerItem} > [slot="outputField"]`);
    // Neither it nor its light DOM is a component the other selectors know: only the slot makes it the value.
    const components = 'lightning-formatted-text, lightning-formatted-number, force-lookup';
    expect(slotted?.tagName).toBe('FORCE-OWNER-LOOKUP');
    expect(slotted?.matches(components)).toBe(false);
    expect(slotted?.querySelector(components)).toBeNull();
    expect(detectRecord(url, document)?.context?.owner).toBe('Dana Whitfield');

    slotted?.removeAttribute('slot');
    expect(detectRecord(url, document)?.context?.owner).toBeUndefined();
  });

  it('reads the record on screen, not a record visited before whose page the tool keeps hidden', () => {
    const page = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
    const visitedBefore = page
      .replace('Acme Corp — Platform renewal 2027', 'Globex — Field operations expansion')
      .replaceAll('$120,000.00', '$86,500.00')
      .replaceAll('11/30/2026', '12/15/2026')
      .replace('Negotiation/Review', 'Prospecting')
      .replace('Dana Whitfield', 'Marcus Oyelaran')
      .replace('>Acme Corp</a>', '>Globex Corporation</a>')
      // happy-dom, unlike a browser, calls what is inside a hidden element's shadow root visible: the page
      // kept hidden is flattened into light DOM here.
      .replaceAll(/<\/?template[^>]*>/g, '');
    expect(visitedBefore).not.toContain('Dana Whitfield');
    const cached = (shown: boolean) =>
      html.replace(
        page,
        `<div class="oneContent" style="display: ${shown ? 'block' : 'none'}">${visitedBefore}</div>${page}`,
      );

    expect(detectRecord(url, parsePage(cached(false)))).toMatchObject(salesforceOpportunityShown);
    // Control: shown, the other record's page comes first and is what is read.
    expect(detectRecord(url, parsePage(cached(true)))?.context?.owner).toBe('Marcus Oyelaran');
    // A field this record's page lacks is not taken from the hidden one, even as the only match.
    const withoutAccount = parsePage(cached(false));
    const accountItem = '[data-target-selection-name="sfdc:RecordField.Opportunity.AccountId"]';
    for (const root of searchRoots(withoutAccount))
      for (const item of root.querySelectorAll(accountItem))
        if (item.closest('.oneContent') === null) item.remove();
    expect(detectRecord(url, withoutAccount)?.context).not.toHaveProperty('account');
    expect(detectRecord(url, parsePage(cached(false)))?.context?.account).toBe('Acme Corp');
  });
});

describe('HubSpot properties without their data-selenium-test hooks', () => {
  const { url, html } = fixture('hubspot/deal-labels.html');

  it('are what the label fixture shows', () => {
    expect(parsePage(html).querySelector('[data-selenium-test^="property-input-"]')).toBeNull();
  });

  it.each([
    ['Amount', 'amount', 24000],
    ['Deal stage', 'stage', 'Decision maker bought-in'],
    ['Close date', 'closeDate', '2027-01-29'],
    ['Deal owner', 'owner', 'Marcus Oyelaran'],
  ] as const)('are found by the whole label %j', (label, key, value) => {
    const document = parsePage(html);
    expect(detectRecord(url, document)?.context?.[key]).toBe(value);

    const shown = [...document.querySelectorAll('label')].find((element) => element.textContent === label);
    if (!shown) throw new Error(`the fixture has no label "${label}"`);
    shown.remove();
    // "Amount in company currency" stays, and is not the deal's amount.
    expect(detectRecord(url, document)?.context?.[key]).toBeUndefined();
  });
});

describe('reading pages', () => {
  it.each([
    ['$120,000.00', 120000],
    ['€1.200,50', 1200.5],
    ['1 200,50 kr', 1200.5],
    ['USD 48,000,000', 48000000],
    ['1,5', 1.5],
    ['120,000', 120000],
    ['86.500,00 €', 86500],
    ['-$500.25', -500.25],
    ["CHF 1'250.00", 1250],
    ['—', undefined],
    ['', undefined],
  ])('reads the amount %j as %s', (text, amount) => {
    expect(parseAmount(text)).toBe(amount);
  });

  it.each([
    ['2026-11-30', 'en-US', '2026-11-30'],
    ['2026-11-30T00:00:00.000Z', '', '2026-11-30'],
    ['11/30/2026', '', '2026-11-30'],
    ['30/11/2026', 'en-GB', '2026-11-30'],
    ['03/04/2026', 'en-US', '2026-03-04'],
    ['03/04/2026', 'en-GB', undefined],
    ['03/04/2026', '', undefined],
    ['04/04/2026', '', '2026-04-04'],
    ['30.11.2026', 'de-DE', '2026-11-30'],
    ['Nov 30, 2026', '', '2026-11-30'],
    ['30 November 2026', '', '2026-11-30'],
    ['2026-02-30', '', undefined],
    ['13/13/2026', '', undefined],
    ['next Tuesday', '', undefined],
  ])('reads the date %j (lang %j) as %s', (text, lang, date) => {
    expect(parseDate(text, lang)).toBe(date);
  });

  it.each([
    ['Acme Corp | Account | Salesforce', ['Account', 'Salesforce'], 'Acme Corp'],
    ['Acme | Partners | Account | Salesforce', ['Account', 'Salesforce'], 'Acme | Partners'],
    ['Globex - Renewal - Zoho CRM', ['Zoho CRM'], 'Globex - Renewal'],
    ['Salesforce', ['Salesforce'], undefined],
    ['Acme Corp', ['Salesforce'], undefined],
    [' | Salesforce', ['Salesforce'], undefined],
  ])('reads the name in the title %j', (title, trailers, name) => {
    expect(nameFromTitle(title, trailers)).toBe(name);
  });

  it('finds a field by its label, its term or its aria-label, whole and in any case', () => {
    const document = parsePage(`<!doctype html><body>
      <label for="owner">Deal owner</label><input id="owner" value="Dana Whitfield" />
      <dl><dt>Stage</dt><dd>Closed Won</dd><dt>Stage history</dt><dd>3 changes</dd></dl>
      <span aria-label="Amount">$5,000</span>
    </body>`);
    expect(fieldText(labelled(document, 'deal owner'))).toBe('Dana Whitfield');
    expect(fieldText(labelled(document, 'Stage'))).toBe('Closed Won');
    expect(fieldText(labelled(document, 'Amount'))).toBe('$5,000');
    expect(labelled(document, 'Owner')).toBeUndefined();
  });

  it('walks into open shadow roots, but only so far', () => {
    const document = parsePage('<!doctype html><body></body>');
    let host: Element = document.body;
    for (let depth = 0; depth < 100; depth++) {
      const next = document.createElement('div');
      (host.shadowRoot ?? host.attachShadow({ mode: 'open' })).append(next);
      host = next;
    }
    expect(searchRoots(document, 10)).toHaveLength(10);
    expect(searchRoots(document, 1000, 50).length).toBeLessThanOrEqual(50);
  });

  it('finds the components inside elements that cannot host a shadow root themselves', () => {
    const document = parsePage(`<!doctype html><body>
      <table><tbody><tr><td><a href="/x"><records-cell></records-cell></a></td></tr></tbody></table>
      <ul><li><svg><g></g></svg><lightning-formatted-text></lightning-formatted-text></li></ul>
    </body>`);
    const hosts = [...document.querySelectorAll('records-cell, lightning-formatted-text')];
    const roots = hosts.map((host) => host.attachShadow({ mode: 'open' }));

    expect(searchRoots(document)).toEqual([document, ...roots]);
  });
});

describe('the adapter registry', () => {
  const adapterModules = import.meta.glob<Record<string, unknown>>('../../lib/adapters/*.ts', {
    eager: true,
  });
  const isAdapter = (value: unknown): value is Adapter =>
    typeof value === 'object' && value !== null && 'detect' in value && 'hosts' in value;
  const systems = CrmSystem.options.filter((system) => (system as string) !== 'none');

  it('registers every adapter file, each one adapter named after its system', () => {
    const exported = Object.entries(adapterModules).flatMap(([path, module]) =>
      Object.values(module)
        .filter(isAdapter)
        .map((adapter) => ({ file: basename(path, '.ts'), adapter })),
    );
    expect(exported.map(({ adapter }) => adapter)).toHaveLength(adapters.length);
    expect(new Set(exported.map(({ adapter }) => adapter))).toEqual(new Set(adapters));
    for (const { file, adapter } of exported) expect(file).toBe(adapter.system);
  });

  it('has an adapter for every system', () => {
    expect(adapters.map((adapter) => adapter.system).sort()).toEqual([...systems].sort());
  });

  it('gives the manifest exactly the adapters’ hosts, and the demo only in development', () => {
    const hostsOf = (kept: (adapter: Adapter) => boolean) =>
      adapters.filter(kept).flatMap((adapter) => adapter.hosts);
    expect(crmHostPatterns).toEqual(hostsOf((adapter) => adapter.system !== 'demo'));
    expect(developmentHostPatterns).toEqual(hostsOf((adapter) => adapter.system === 'demo'));
    expect(crmHostPatterns.filter((pattern) => developmentHostPatterns.includes(pattern))).toEqual([]);
  });

  it('uses only match patterns Chrome accepts, https for every real tool, and no catch-all', () => {
    for (const pattern of [...crmHostPatterns, ...developmentHostPatterns]) {
      expect(pattern).toMatch(
        /^https?:\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+\/\*$|^http:\/\/localhost\/\*$/,
      );
    }
    for (const pattern of crmHostPatterns) expect(pattern.startsWith('https://')).toBe(true);
    expect(new Set(crmHostPatterns).size).toBe(crmHostPatterns.length);
  });

  it('finds every record it detects only on its own hosts', () => {
    for (const [system, { records }] of Object.entries(cases)) {
      const adapter = adapters.find((candidate) => candidate.system === system);
      for (const [url] of records) {
        expect(adapter?.hosts.some((pattern) => matchesPattern(pattern, new URL(url)))).toBe(true);
      }
    }
  });

  it('covers every adapter with a fixture, and tests every fixture', () => {
    const files = adapters.flatMap((adapter) => {
      const dir = join(fixturesDir, adapter.system);
      const pages = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.html')) : [];
      expect(pages.length, `fixtures for ${adapter.system}`).toBeGreaterThan(0);
      return pages.map((page) => `${adapter.system}/${page}`);
    });
    expect(files.sort()).toEqual(fixturePages.map(([file]) => file).sort());
  });

  it('documents every tool in the README’s support table', () => {
    const readme = readFileSync(join(here, '../../README.md'), 'utf8');
    const section = /^## Supported tools\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
    for (const adapter of adapters) {
      expect(section, adapter.label).toMatch(new RegExp(`^\\| ${adapter.label} +\\|`, 'm'));
    }
  });

  it('keeps the content script light: nothing under lib/adapters imports Zod, Dexie or Preact', () => {
    for (const file of readdirSync(adaptersDir).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(join(adaptersDir, file), 'utf8');
      const imports = [...source.matchAll(/^import (?!type )[\s\S]*? from '([^']+)';$/gm)].map(
        (match) => match[1],
      );
      expect(
        imports.filter((path) => !path?.startsWith('./')),
        file,
      ).toEqual([]);
    }
  });
});
