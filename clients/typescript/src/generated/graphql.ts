export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Date with time, ISO 8601 (`2026-10-01T00:00:00`, or with an offset `2026-10-01T00:00:00+02:00`); years 1900 to 2999. */
  DateTime: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](https://ecma-international.org/wp-content/uploads/ECMA-404_2nd_edition_december_2017.pdf). */
  JSON: { input: unknown; output: unknown; }
};

/** Age band of a member, from the birth year (age = this year - birth year). */
export type AgeBand =
  /** From 15 to 19 years old. */
  | 'FROM_15_TO_19'
  /** From 20 to 24 years old. */
  | 'FROM_20_TO_24'
  /** From 25 to 29 years old. */
  | 'FROM_25_TO_29'
  /** From 30 to 34 years old. */
  | 'FROM_30_TO_34'
  /** From 35 to 39 years old. */
  | 'FROM_35_TO_39'
  /** From 40 to 44 years old. */
  | 'FROM_40_TO_44'
  /** From 45 to 49 years old. */
  | 'FROM_45_TO_49'
  /** From 50 to 54 years old. */
  | 'FROM_50_TO_54'
  /** From 55 to 59 years old. */
  | 'FROM_55_TO_59'
  /** From 60 to 64 years old. */
  | 'FROM_60_TO_64'
  /** From 65 to 69 years old. */
  | 'FROM_65_TO_69'
  /** From 70 to 74 years old. */
  | 'FROM_70_TO_74'
  /** From 75 to 79 years old. */
  | 'FROM_75_TO_79'
  /** 80 years old or more. */
  | 'FROM_80'
  /** Up to 14 years old. */
  | 'UP_TO_14';

/** Conditions on a AgeBand field; several conditions must all hold. */
export type AgeBandFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<AgeBand>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<AgeBand>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<AgeBand>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<AgeBand>>;
};

/** `in`: a member joined; `out`: a member left. */
export type BalanceType =
  /** A member joined the club. */
  | 'IN'
  /** A member left the club. */
  | 'OUT';

/** Conditions on a BalanceType field; several conditions must all hold. */
export type BalanceTypeFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<BalanceType>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<BalanceType>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<BalanceType>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<BalanceType>>;
};

/** Conditions on a bool field; several conditions must all hold. */
export type BooleanFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<Scalars['Boolean']['input']>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Reports draw from the reporting bucket; other paid queries from the general one. */
export type BucketType =
  /** The bucket other paid queries draw from (metadata, geo, exports). */
  | 'GENERAL'
  /** The bucket report queries draw from. */
  | 'REPORTING';

/** Channel a sending goes out through. */
export type Channel =
  /** An e-mail. */
  | 'EMAIL'
  /** A push notification to the member's app. */
  | 'PUSH'
  /** A text message to the member's phone. */
  | 'SMS';

/** Conditions on a Channel field; several conditions must all hold. */
export type ChannelFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<Channel>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<Channel>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<Channel>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<Channel>>;
};

/** State of a member's contact point (SMS number, e-mail address, push token). */
export type ContactStatus =
  /** Messages there could not be delivered. */
  | 'BOUNCED'
  /** Waiting for the member's confirmation (double opt-in). */
  | 'PENDING'
  /** The member receives messages there. */
  | 'SUBSCRIBED'
  /** The member asked not to receive messages there. */
  | 'UNSUBSCRIBED';

/** Conditions on a ContactStatus field; several conditions must all hold. */
export type ContactStatusFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<ContactStatus>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<ContactStatus>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<ContactStatus>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<ContactStatus>>;
};

/** Conditions on a datetime field; several conditions must all hold. */
export type DateTimeFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<Scalars['DateTime']['input']>;
  /** Greater than or equal to the value. */
  greaterOrEqualTo?: InputMaybe<Scalars['DateTime']['input']>;
  /** Greater than the value. */
  greaterThan?: InputMaybe<Scalars['DateTime']['input']>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<Scalars['DateTime']['input']>>;
  /** Less than or equal to the value. */
  lessOrEqualTo?: InputMaybe<Scalars['DateTime']['input']>;
  /** Less than the value. */
  lessThan?: InputMaybe<Scalars['DateTime']['input']>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<Scalars['DateTime']['input']>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<Scalars['DateTime']['input']>>;
};

/** CSV (a header row, then one row per record or data point) or JSON Lines. */
export type ExportFormat =
  /** Comma-separated values with a header row. */
  | 'CSV'
  /** JSON Lines: one JSON object per line. */
  | 'JSONL';

/** Where an export job stands. RATE_LIMITED and FAILED jobs can be resumed. */
export type ExportStatus =
  /** Complete: download it. */
  | 'DONE'
  /** Its file was deleted after REPORTING_EXPORT_TTL_HOURS. */
  | 'EXPIRED'
  /** Stopped by an error (see `error`). Resume it once that is fixed. */
  | 'FAILED'
  /** Waiting for a worker. */
  | 'QUEUED'
  /** Stopped after its last complete page: the bucket ran dry. Resume it. */
  | 'RATE_LIMITED'
  /** Being written, page by page. */
  | 'RUNNING';

/** Gender a member gave; null when not given. */
export type Gender =
  /** Female. */
  | 'FEMALE'
  /** Male. */
  | 'MALE'
  /** Another gender. */
  | 'OTHER';

/** Conditions on a Gender field; several conditions must all hold. */
export type GenderFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<Gender>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<Gender>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<Gender>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<Gender>>;
};

/** Member attribute that members are counted by. */
export type GroupingType =
  /** The member's age band. */
  | 'AGE'
  /** The member's country. */
  | 'COUNTRY'
  /** The member's gender. */
  | 'GENDER'
  /** The channel the member joined through. */
  | 'OPTIN_CHANNEL'
  /** The platform the member joined on. */
  | 'OPTIN_PLATFORM';

/** Conditions on a GroupingType field; several conditions must all hold. */
export type GroupingTypeFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<GroupingType>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<GroupingType>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<GroupingType>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<GroupingType>>;
};

/** Conditions on a int field; several conditions must all hold. */
export type IntFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<Scalars['Int']['input']>;
  /** Greater than or equal to the value. */
  greaterOrEqualTo?: InputMaybe<Scalars['Int']['input']>;
  /** Greater than the value. */
  greaterThan?: InputMaybe<Scalars['Int']['input']>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<Scalars['Int']['input']>>;
  /** Less than or equal to the value. */
  lessOrEqualTo?: InputMaybe<Scalars['Int']['input']>;
  /** Less than the value. */
  lessThan?: InputMaybe<Scalars['Int']['input']>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<Scalars['Int']['input']>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<Scalars['Int']['input']>>;
};

/** Conditions on a [int] field; several conditions must all hold. */
export type IntListFilter = {
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<Scalars['Int']['input']>>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<Scalars['Int']['input']>>;
};

/** Width of a time bucket. */
export type Interval =
  /** A day; kept 731 days. */
  | 'DAY'
  /** 5 minutes; kept 14 days. */
  | 'FIVE_MINUTES'
  /** An hour; kept 183 days. */
  | 'HOUR'
  /** A calendar month; kept forever. */
  | 'MONTH'
  /** A week, from Monday; kept forever. */
  | 'WEEK';

/** An interval, or AUTO; the export refuses one its report does not offer. */
export type IntervalChoice =
  /** Chosen from the range: 5 minutes up to 12 hours, an hour up to 3 days, else a day. */
  | 'AUTO'
  /** A day; kept 731 days. */
  | 'DAY'
  /** 5 minutes; kept 14 days. */
  | 'FIVE_MINUTES'
  /** An hour; kept 183 days. */
  | 'HOUR'
  /** A calendar month; kept forever. */
  | 'MONTH'
  /** A week, from Monday; kept forever. */
  | 'WEEK';

/** Language of a sending (ISO 639-1). */
export type Language =
  /** Danish. */
  | 'DA'
  /** German. */
  | 'DE'
  /** English. */
  | 'EN'
  /** Finnish. */
  | 'FI'
  /** Norwegian Bokmål. */
  | 'NB'
  /** Polish. */
  | 'PL'
  /** Swedish. */
  | 'SV';

/** Conditions on a Language field; several conditions must all hold. */
export type LanguageFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<Language>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<Language>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<Language>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<Language>>;
};

/** Where a tracked link was published. */
export type LinkSourceType =
  /** In an offer. */
  | 'OFFER'
  /** Anywhere else. */
  | 'OTHER'
  /** In a sending (SMS, e-mail, push). */
  | 'SENDING'
  /** On a web page. */
  | 'WEB';

/** Conditions on a LinkSourceType field; several conditions must all hold. */
export type LinkSourceTypeFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<LinkSourceType>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<LinkSourceType>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<LinkSourceType>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<LinkSourceType>>;
};

/** Aggregations of links_visits_history. */
export type LinksVisitsHistoryAggregation =
  /** Split by host. */
  | 'HOST'
  /** Split by publishing object. */
  | 'SOURCE_ID'
  /** Split by where the link was published. */
  | 'SOURCE_TYPE';

/** Filter for links_visits_history. Keys combine with AND; use `or`/`not` for more. */
export type LinksVisitsHistoryFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<LinksVisitsHistoryFilter>>;
  /** Host of the link URL. */
  host?: InputMaybe<StringFilter>;
  /** The operation does not match. */
  not?: InputMaybe<LinksVisitsHistoryFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<LinksVisitsHistoryFilter>>;
  /** ID of the publishing object (for sendings: reporting_id or service_type). */
  sourceId?: InputMaybe<StringFilter>;
  /** Where the link was published. */
  sourceType?: InputMaybe<LinkSourceTypeFilter>;
};

/** Intervals links_visits_history offers. AUTO: 5 minutes up to 12 hours, 1 hour up to 3 days, else 1 day (or the next wider one the report offers). */
export type LinksVisitsHistoryInterval =
  /** Chosen from the range: 5 minutes up to 12 hours, an hour up to 3 days, else a day. */
  | 'AUTO'
  /** A day; kept 731 days. */
  | 'DAY'
  /** 5 minutes; kept 14 days. */
  | 'FIVE_MINUTES'
  /** An hour; kept 183 days. */
  | 'HOUR'
  /** A calendar month; kept forever. */
  | 'MONTH'
  /** A week, from Monday; kept forever. */
  | 'WEEK';

/** A named location to find coordinates for. */
export type LocationInput = {
  /** City name (any common spelling). */
  city: Scalars['String']['input'];
  /** Country: ISO code (PL, POL) or name; narrows ambiguous names. */
  country?: InputMaybe<Scalars['String']['input']>;
};

/** Whether a location name was found, not found, or matches several cities. */
export type LocationStatus =
  /** Several cities match: narrow it with a country. */
  | 'AMBIGUOUS'
  /** One city matches: its coordinates are given. */
  | 'FOUND'
  /** No city of the gazetteer has that name. */
  | 'NOT_FOUND';

/** Aggregations of member_balance. */
export type MemberBalanceAggregation =
  /** Split by age band. */
  | 'AGE'
  /** Split by gender. */
  | 'GENDER'
  /** Split by opt-in channel. */
  | 'OPTIN_CHANNEL'
  /** Split by opt-in platform. */
  | 'OPTIN_PLATFORM'
  /** Sum every selected customer into one: no loyalty_club_id split. */
  | 'TOTAL';

/** Filter for member_balance. Keys combine with AND; use `or`/`not` for more. */
export type MemberBalanceFilter = {
  /** Age band, from the member's birth year. */
  age?: InputMaybe<AgeBandFilter>;
  /** Every operation matches. */
  and?: InputMaybe<Array<MemberBalanceFilter>>;
  /** Gender the member gave. */
  gender?: InputMaybe<GenderFilter>;
  /** The operation does not match. */
  not?: InputMaybe<MemberBalanceFilter>;
  /** Channel the member joined through (web, app, pos, …). */
  optinChannel?: InputMaybe<StringFilter>;
  /** Platform joined on. */
  optinPlatform?: InputMaybe<OptinPlatformFilter>;
  /** Finer source within the opt-in channel (a campaign, a form). */
  optinSubchannel?: InputMaybe<StringFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<MemberBalanceFilter>>;
  /** `in`: joined; `out`: left. */
  type?: InputMaybe<BalanceTypeFilter>;
};

/** Intervals member_balance offers. AUTO: 5 minutes up to 12 hours, 1 hour up to 3 days, else 1 day (or the next wider one the report offers). */
export type MemberBalanceInterval =
  /** Chosen from the range: 5 minutes up to 12 hours, an hour up to 3 days, else a day. */
  | 'AUTO'
  /** A day; kept 731 days. */
  | 'DAY'
  /** 5 minutes; kept 14 days. */
  | 'FIVE_MINUTES'
  /** An hour; kept 183 days. */
  | 'HOUR'
  /** A calendar month; kept forever. */
  | 'MONTH'
  /** A week, from Monday; kept forever. */
  | 'WEEK';

/** Aggregations of members_count. */
export type MembersCountAggregation =
  /** Sum every selected customer into one: no loyalty_club_id split. */
  | 'TOTAL';

/** Filter for members_count. Keys combine with AND; use `or`/`not` for more. */
export type MembersCountFilter = {
  /** Age band, from the member's birth year. */
  age?: InputMaybe<AgeBandFilter>;
  /** Every operation matches. */
  and?: InputMaybe<Array<MembersCountFilter>>;
  /** First year of the member's 5-year birth-year group (1990 for 1990-1994). */
  birthYearGroup?: InputMaybe<IntFilter>;
  /** Country of the member (ISO 3166-1 alpha-2). */
  country?: InputMaybe<StringFilter>;
  /** When the member joined. */
  createdAt?: InputMaybe<DateTimeFilter>;
  /** Member ID. */
  databaseId?: InputMaybe<IntFilter>;
  /** State of the email contact. */
  emailStatus?: InputMaybe<ContactStatusFilter>;
  /** Places the member marked as favourite. */
  favoriteStores?: InputMaybe<IntListFilter>;
  /** Gender the member gave. */
  gender?: InputMaybe<GenderFilter>;
  /** Member groups the member belongs to. */
  groupIds?: InputMaybe<IntListFilter>;
  /** Member agreed to marketing via any channel. */
  marketingViaAnything?: InputMaybe<BooleanFilter>;
  /** Member agreed to marketing via e-mail. */
  marketingViaEmail?: InputMaybe<BooleanFilter>;
  /** Member agreed to marketing via push notifications. */
  marketingViaPush?: InputMaybe<BooleanFilter>;
  /** Member agreed to marketing via SMS. */
  marketingViaSms?: InputMaybe<BooleanFilter>;
  /** The operation does not match. */
  not?: InputMaybe<MembersCountFilter>;
  /** Channel the member joined through (web, app, pos, …). */
  optinChannel?: InputMaybe<StringFilter>;
  /** Platform joined on. */
  optinPlatform?: InputMaybe<OptinPlatformFilter>;
  /** Finer source within the opt-in channel (a campaign, a form). */
  optinSubchannel?: InputMaybe<StringFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<MembersCountFilter>>;
  /** State of the push contact. */
  pushStatus?: InputMaybe<ContactStatusFilter>;
  /** State of the sms contact. */
  smsStatus?: InputMaybe<ContactStatusFilter>;
  /** Subunits (stores, departments) the member belongs to. */
  subunitIds?: InputMaybe<IntListFilter>;
  /** When the member's data last changed. */
  updatedAt?: InputMaybe<DateTimeFilter>;
};

/** Aggregations of members_count_history. */
export type MembersCountHistoryAggregation =
  /** Split by the value of the grouping attribute. */
  | 'GROUPING_VALUE';

/** Filter for members_count_history. Keys combine with AND; use `or`/`not` for more. */
export type MembersCountHistoryFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<MembersCountHistoryFilter>>;
  /** Member attribute the count is grouped by. */
  groupingType?: InputMaybe<GroupingTypeFilter>;
  /** Value of the grouping attribute (`unknown` where members did not give one). */
  groupingValue?: InputMaybe<StringFilter>;
  /** The operation does not match. */
  not?: InputMaybe<MembersCountHistoryFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<MembersCountHistoryFilter>>;
};

/** Intervals members_count_history offers. AUTO: 5 minutes up to 12 hours, 1 hour up to 3 days, else 1 day (or the next wider one the report offers). */
export type MembersCountHistoryInterval =
  /** Chosen from the range: 5 minutes up to 12 hours, an hour up to 3 days, else a day. */
  | 'AUTO'
  /** A day; kept 731 days. */
  | 'DAY'
  /** 5 minutes; kept 14 days. */
  | 'FIVE_MINUTES'
  /** An hour; kept 183 days. */
  | 'HOUR'
  /** A calendar month; kept forever. */
  | 'MONTH'
  /** A week, from Monday; kept forever. */
  | 'WEEK';

/** Aggregations of members_count_snapshot. */
export type MembersCountSnapshotAggregation =
  /** Sum every selected customer into one: no loyalty_club_id split. */
  | 'TOTAL';

/** Intervals members_count_snapshot offers. AUTO: 5 minutes up to 12 hours, 1 hour up to 3 days, else 1 day (or the next wider one the report offers). */
export type MembersCountSnapshotInterval =
  /** Chosen from the range: 5 minutes up to 12 hours, an hour up to 3 days, else a day. */
  | 'AUTO'
  /** A day; kept 731 days. */
  | 'DAY'
  /** An hour; kept 183 days. */
  | 'HOUR'
  /** A calendar month; kept forever. */
  | 'MONTH'
  /** A week, from Monday; kept forever. */
  | 'WEEK';

/** Filter for members. Keys combine with AND; use `or`/`not` for more. */
export type MembersFilter = {
  /** Age band, from the member's birth year. */
  age?: InputMaybe<AgeBandFilter>;
  /** Every operation matches. */
  and?: InputMaybe<Array<MembersFilter>>;
  /** First year of the member's 5-year birth-year group (1990 for 1990-1994). */
  birthYearGroup?: InputMaybe<IntFilter>;
  /** Country of the member (ISO 3166-1 alpha-2). */
  country?: InputMaybe<StringFilter>;
  /** When the member joined. */
  createdAt?: InputMaybe<DateTimeFilter>;
  /** Member ID. */
  databaseId?: InputMaybe<IntFilter>;
  /** State of the email contact. */
  emailStatus?: InputMaybe<ContactStatusFilter>;
  /** Places the member marked as favourite. */
  favoriteStores?: InputMaybe<IntListFilter>;
  /** Gender the member gave. */
  gender?: InputMaybe<GenderFilter>;
  /** Member groups the member belongs to. */
  groupIds?: InputMaybe<IntListFilter>;
  /** Member agreed to marketing via any channel. */
  marketingViaAnything?: InputMaybe<BooleanFilter>;
  /** Member agreed to marketing via e-mail. */
  marketingViaEmail?: InputMaybe<BooleanFilter>;
  /** Member agreed to marketing via push notifications. */
  marketingViaPush?: InputMaybe<BooleanFilter>;
  /** Member agreed to marketing via SMS. */
  marketingViaSms?: InputMaybe<BooleanFilter>;
  /** The operation does not match. */
  not?: InputMaybe<MembersFilter>;
  /** Channel the member joined through (web, app, pos, …). */
  optinChannel?: InputMaybe<StringFilter>;
  /** Platform joined on. */
  optinPlatform?: InputMaybe<OptinPlatformFilter>;
  /** Finer source within the opt-in channel (a campaign, a form). */
  optinSubchannel?: InputMaybe<StringFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<MembersFilter>>;
  /** State of the push contact. */
  pushStatus?: InputMaybe<ContactStatusFilter>;
  /** State of the sms contact. */
  smsStatus?: InputMaybe<ContactStatusFilter>;
  /** Subunits (stores, departments) the member belongs to. */
  subunitIds?: InputMaybe<IntListFilter>;
  /** When the member's data last changed. */
  updatedAt?: InputMaybe<DateTimeFilter>;
};

/** Aggregations of members_grouped_count. */
export type MembersGroupedCountAggregation =
  /** Sum the counts of every selected customer per grouping type and value. */
  | 'BY_GROUPING_TYPE_AND_VALUE';

/** Filter for members_grouped_count. Keys combine with AND; use `or`/`not` for more. */
export type MembersGroupedCountFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<MembersGroupedCountFilter>>;
  /** Member attribute the count is grouped by. */
  groupingType?: InputMaybe<GroupingTypeFilter>;
  /** Value of the grouping attribute (`unknown` where members did not give one). */
  groupingValue?: InputMaybe<StringFilter>;
  /** The operation does not match. */
  not?: InputMaybe<MembersGroupedCountFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<MembersGroupedCountFilter>>;
};

/** A point and a radius. */
export type NearInput = {
  /** Latitude of the point (degrees). */
  lat: Scalars['Float']['input'];
  /** Longitude of the point (degrees). */
  lon: Scalars['Float']['input'];
  /** Only places within this many km; nearest first. */
  radiusKm: Scalars['Float']['input'];
};

/** What a member did with an offer. */
export type OfferEventType =
  /** Took the offer. */
  | 'CLAIMED'
  /** Opened the offer's details. */
  | 'CLICKED'
  /** Saw the offer. */
  | 'VIEWED';

/** Conditions on a OfferEventType field; several conditions must all hold. */
export type OfferEventTypeFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<OfferEventType>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<OfferEventType>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<OfferEventType>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<OfferEventType>>;
};

/** Publication state of an offer. */
export type OfferStatus =
  /** Published: members can claim it. */
  | 'ACTIVE'
  /** Not published yet. */
  | 'DRAFT'
  /** Past its end: no longer claimable. */
  | 'EXPIRED';

/** Conditions on a OfferStatus field; several conditions must all hold. */
export type OfferStatusFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<OfferStatus>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<OfferStatus>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<OfferStatus>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<OfferStatus>>;
};

/** What an offer gives the member. */
export type OfferType =
  /** A price reduction. */
  | 'DISCOUNT'
  /** A free product. */
  | 'GIFT'
  /** Anything else. */
  | 'OTHER'
  /** Loyalty points. */
  | 'POINTS';

/** Conditions on a OfferType field; several conditions must all hold. */
export type OfferTypeFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<OfferType>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<OfferType>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<OfferType>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<OfferType>>;
};

/** Filter for offers_collections. Keys combine with AND; use `or`/`not` for more. */
export type OffersCollectionsFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<OffersCollectionsFilter>>;
  /** When the collection was created. */
  createdAt?: InputMaybe<DateTimeFilter>;
  /** ID of the collection. */
  databaseId?: InputMaybe<IntFilter>;
  /** The operation does not match. */
  not?: InputMaybe<OffersCollectionsFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<OffersCollectionsFilter>>;
};

/** Aggregations of offers_events_history. */
export type OffersEventsHistoryAggregation =
  /** Split by offer collection. */
  | 'COLLECTION_ID'
  /** Split by offer. */
  | 'OFFER_ID';

/** Filter for offers_events_history. Keys combine with AND; use `or`/`not` for more. */
export type OffersEventsHistoryFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<OffersEventsHistoryFilter>>;
  /** ID of the offer's collection. */
  collectionId?: InputMaybe<IntFilter>;
  /** What the member did. */
  eventType?: InputMaybe<OfferEventTypeFilter>;
  /** The operation does not match. */
  not?: InputMaybe<OffersEventsHistoryFilter>;
  /** ID of the offer. */
  offerId?: InputMaybe<IntFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<OffersEventsHistoryFilter>>;
};

/** Intervals offers_events_history offers. AUTO: 5 minutes up to 12 hours, 1 hour up to 3 days, else 1 day (or the next wider one the report offers). */
export type OffersEventsHistoryInterval =
  /** Chosen from the range: 5 minutes up to 12 hours, an hour up to 3 days, else a day. */
  | 'AUTO'
  /** A day; kept 731 days. */
  | 'DAY'
  /** An hour; kept 183 days. */
  | 'HOUR'
  /** A calendar month; kept forever. */
  | 'MONTH'
  /** A week, from Monday; kept forever. */
  | 'WEEK';

/** Aggregations of offers_events_stats. */
export type OffersEventsStatsAggregation =
  /** Split by offer collection. */
  | 'COLLECTION_ID'
  /** Split by offer. */
  | 'OFFER_ID'
  /** Split by offer collection. Summed across customers: no loyalty_club_id split. */
  | 'TOTAL_COLLECTION_ID'
  /** Split by offer. Summed across customers: no loyalty_club_id split. */
  | 'TOTAL_OFFER_ID';

/** Filter for offers_events_stats. Keys combine with AND; use `or`/`not` for more. */
export type OffersEventsStatsFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<OffersEventsStatsFilter>>;
  /** ID of the offer's collection. */
  collectionId?: InputMaybe<IntFilter>;
  /** What the member did. */
  eventType?: InputMaybe<OfferEventTypeFilter>;
  /** The operation does not match. */
  not?: InputMaybe<OffersEventsStatsFilter>;
  /** ID of the offer. */
  offerId?: InputMaybe<IntFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<OffersEventsStatsFilter>>;
};

/** Filter for offers. Keys combine with AND; use `or`/`not` for more. */
export type OffersFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<OffersFilter>>;
  /** ID of the offer's collection. */
  collectionId?: InputMaybe<IntFilter>;
  /** When the offer was created. */
  createdAt?: InputMaybe<DateTimeFilter>;
  /** ID of the offer. */
  databaseId?: InputMaybe<IntFilter>;
  /** The operation does not match. */
  not?: InputMaybe<OffersFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<OffersFilter>>;
  /** Publication state. */
  status?: InputMaybe<OfferStatusFilter>;
  /** What the offer gives. */
  type?: InputMaybe<OfferTypeFilter>;
  /** Start of validity. */
  validFrom?: InputMaybe<DateTimeFilter>;
  /** End of validity. */
  validTo?: InputMaybe<DateTimeFilter>;
};

/** Aggregations of offers_usages_history. */
export type OffersUsagesHistoryAggregation =
  /** Split by offer. */
  | 'OFFER_ID'
  /** Split by place. */
  | 'PLACE_ID';

/** Filter for offers_usages_history. Keys combine with AND; use `or`/`not` for more. */
export type OffersUsagesHistoryFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<OffersUsagesHistoryFilter>>;
  /** ID of the offer's collection. */
  collectionId?: InputMaybe<IntFilter>;
  /** The operation does not match. */
  not?: InputMaybe<OffersUsagesHistoryFilter>;
  /** ID of the offer. */
  offerId?: InputMaybe<IntFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<OffersUsagesHistoryFilter>>;
  /** ID of the place the offer was used at. */
  placeId?: InputMaybe<IntFilter>;
};

/** Intervals offers_usages_history offers. AUTO: 5 minutes up to 12 hours, 1 hour up to 3 days, else 1 day (or the next wider one the report offers). */
export type OffersUsagesHistoryInterval =
  /** Chosen from the range: 5 minutes up to 12 hours, an hour up to 3 days, else a day. */
  | 'AUTO'
  /** A day; kept 731 days. */
  | 'DAY'
  /** An hour; kept 183 days. */
  | 'HOUR'
  /** A calendar month; kept forever. */
  | 'MONTH'
  /** A week, from Monday; kept forever. */
  | 'WEEK';

/** Aggregations of offers_usages_stats. */
export type OffersUsagesStatsAggregation =
  /** Split by offer. */
  | 'OFFER_ID'
  /** Split by place. */
  | 'PLACE_ID'
  /** Split by offer. Summed across customers: no loyalty_club_id split. */
  | 'TOTAL_OFFER_ID'
  /** Split by place. Summed across customers: no loyalty_club_id split. */
  | 'TOTAL_PLACE_ID';

/** Filter for offers_usages_stats. Keys combine with AND; use `or`/`not` for more. */
export type OffersUsagesStatsFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<OffersUsagesStatsFilter>>;
  /** ID of the offer's collection. */
  collectionId?: InputMaybe<IntFilter>;
  /** The operation does not match. */
  not?: InputMaybe<OffersUsagesStatsFilter>;
  /** ID of the offer. */
  offerId?: InputMaybe<IntFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<OffersUsagesStatsFilter>>;
  /** ID of the place the offer was used at. */
  placeId?: InputMaybe<IntFilter>;
};

/** Platform a member joined the club on. */
export type OptinPlatform =
  /** The Android app. */
  | 'ANDROID'
  /** The iOS app. */
  | 'IOS'
  /** Any other platform. */
  | 'OTHER'
  /** At a till in a store (point of sale). */
  | 'POS'
  /** A web page or form. */
  | 'WEB';

/** Conditions on a OptinPlatform field; several conditions must all hold. */
export type OptinPlatformFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<OptinPlatform>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<OptinPlatform>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<OptinPlatform>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<OptinPlatform>>;
};

/** Filter for places. Keys combine with AND; use `or`/`not` for more. */
export type PlacesFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<PlacesFilter>>;
  /** City. */
  city?: InputMaybe<StringFilter>;
  /** Country (ISO 3166-1 alpha-2). */
  country?: InputMaybe<StringFilter>;
  /** ID of the place. */
  databaseId?: InputMaybe<IntFilter>;
  /** Kind of place: shopping_centre, store, … */
  kind?: InputMaybe<StringFilter>;
  /** Name of the place. */
  name?: InputMaybe<StringFilter>;
  /** The operation does not match. */
  not?: InputMaybe<PlacesFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<PlacesFilter>>;
};

/** How a report's answers are shaped. */
export type ReportFormat =
  /** Rows, paginated as a Relay connection. */
  | 'RECORDS'
  /** Totals over a period, one per label. */
  | 'STATISTICS'
  /** Values per time bucket, one series per label. */
  | 'TIMESERIES';

/** Every report. */
export type ReportName =
  /** Visits of tracked links per time bucket. Visits done by bots are not included. */
  | 'LINKS_VISITS_HISTORY'
  /** Current members of the club, one record per member. Members who left are not listed. */
  | 'MEMBERS'
  /** Number of current members per customer. Takes a filter on any members field; every selected customer gets a record, with 0 where no member matches. */
  | 'MEMBERS_COUNT'
  /** Number of members at the end of each bucket, per grouping type (each member counts once per grouping type). */
  | 'MEMBERS_COUNT_HISTORY'
  /** Number of members as snapshotted about every 15 minutes; a bucket shows the last snapshot taken in it. */
  | 'MEMBERS_COUNT_SNAPSHOT'
  /** Number of current members per value of each grouping attribute (opt-in channel, platform, country, gender, age band). */
  | 'MEMBERS_GROUPED_COUNT'
  /** Members joining (`in`) and leaving (`out`) the club per time bucket. */
  | 'MEMBER_BALANCE'
  /** Offers of the club, one record per offer. */
  | 'OFFERS'
  /** Offer collections, with the number of offers in each. */
  | 'OFFERS_COLLECTIONS'
  /** Offer views, clicks and claims per time bucket, labelled by event_type. */
  | 'OFFERS_EVENTS_HISTORY'
  /** Offer views, clicks and claims over a period, labelled by event_type. */
  | 'OFFERS_EVENTS_STATS'
  /** Offers used (redeemed) per time bucket. */
  | 'OFFERS_USAGES_HISTORY'
  /** Offers used (redeemed) over a period. */
  | 'OFFERS_USAGES_STATS'
  /** Sendings (campaign, triggered and other messages) with their delivery counters. */
  | 'SENDINGS'
  /** Sending events per time bucket, labelled by event_type. */
  | 'SENDINGS_EVENTS_HISTORY'
  /** Tracked links published in sendings, with their visits. Bot visits are not counted. */
  | 'SENDINGS_LINKS'
  /** This report allows you to get information about clicks in sendings. */
  | 'SENDINGS_LINKS_STATS'
  /** Different members sendings were transmitted to, per time bucket. */
  | 'SENDINGS_RECIPIENTS_STATISTICS'
  /** This report allows you to get statistics which are produced during sending. It includes events which are common for each available channel. */
  | 'SENDINGS_STATS'
  /** Member transactions (purchases and refunds) at the club's places. */
  | 'TRANSACTIONS'
  /** Sum of transaction amounts per time bucket. Series are split by currency, so amounts in different currencies are never added together. */
  | 'TRANSACTIONS_HISTORY';

/** Event in a sending's life: `new` (recipient queued), `transmitted` (handed to the provider), `transiently_failed` (will be retried), `delivered`, `opened` (first open by a recipient), `opened_event` (every open), `failed`, `delivery_errored`. */
export type SendingEventType =
  /** The provider reported the message delivered. */
  | 'DELIVERED'
  /** The provider reported that delivery failed. */
  | 'DELIVERY_ERRORED'
  /** The message could not be sent. */
  | 'FAILED'
  /** A recipient was queued for the sending. */
  | 'NEW'
  /** A recipient opened the message, the first time. */
  | 'OPENED'
  /** A recipient opened the message (every open counts). */
  | 'OPENED_EVENT'
  /** Sending failed for now and will be retried. */
  | 'TRANSIENTLY_FAILED'
  /** The message was handed to the provider (SMS gateway, mail, push). */
  | 'TRANSMITTED';

/** Conditions on a SendingEventType field; several conditions must all hold. */
export type SendingEventTypeFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<SendingEventType>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<SendingEventType>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<SendingEventType>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<SendingEventType>>;
};

/** Aggregations of sendings_events_history. */
export type SendingsEventsHistoryAggregation =
  /** Split by campaign. */
  | 'CAMPAIGN_ID'
  /** Split by channel. */
  | 'CHANNEL'
  /** Split by the sending's reporting_id. */
  | 'REPORTING_ID'
  /** Split by the sending's service type. */
  | 'SERVICE_TYPE'
  /** Split by campaign. Summed across customers: no loyalty_club_id split. */
  | 'TOTAL_CAMPAIGN_ID'
  /** Split by channel. Summed across customers: no loyalty_club_id split. */
  | 'TOTAL_CHANNEL'
  /** Split by the sending's reporting_id. Summed across customers: no loyalty_club_id split. */
  | 'TOTAL_REPORTING_ID'
  /** Split by the sending's service type. Summed across customers: no loyalty_club_id split. */
  | 'TOTAL_SERVICE_TYPE';

/** Filter for sendings_events_history. Keys combine with AND; use `or`/`not` for more. */
export type SendingsEventsHistoryFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<SendingsEventsHistoryFilter>>;
  /** ID of campaign to which sending was scheduled. */
  campaignId?: InputMaybe<IntFilter>;
  /** Channel of sending. */
  channel?: InputMaybe<ChannelFilter>;
  /** Type of sendings event. */
  eventType?: InputMaybe<SendingEventTypeFilter>;
  /** The operation does not match. */
  not?: InputMaybe<SendingsEventsHistoryFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<SendingsEventsHistoryFilter>>;
  /** Sending's reporting_id. This field can be used to attribute reported sending to its source. */
  reportingId?: InputMaybe<IntFilter>;
  /** ID of the sending. */
  sendingId?: InputMaybe<IntFilter>;
  /** Sending's service type. */
  serviceType?: InputMaybe<ServiceTypeFilter>;
};

/** Intervals sendings_events_history offers. AUTO: 5 minutes up to 12 hours, 1 hour up to 3 days, else 1 day (or the next wider one the report offers). */
export type SendingsEventsHistoryInterval =
  /** Chosen from the range: 5 minutes up to 12 hours, an hour up to 3 days, else a day. */
  | 'AUTO'
  /** A day; kept 731 days. */
  | 'DAY'
  /** 5 minutes; kept 14 days. */
  | 'FIVE_MINUTES'
  /** An hour; kept 183 days. */
  | 'HOUR'
  /** A calendar month; kept forever. */
  | 'MONTH'
  /** A week, from Monday; kept forever. */
  | 'WEEK';

/** Filter for sendings. Keys combine with AND; use `or`/`not` for more. */
export type SendingsFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<SendingsFilter>>;
  /** ID of the audience the sending targeted. */
  audienceId?: InputMaybe<IntFilter>;
  /** ID of campaign to which sending was scheduled. */
  campaignId?: InputMaybe<IntFilter>;
  /** Channel of sending. */
  channel?: InputMaybe<ChannelFilter>;
  /** When the sending was created. */
  createdAt?: InputMaybe<DateTimeFilter>;
  /** ID of the sending. */
  databaseId?: InputMaybe<IntFilter>;
  /** Language of the sending. */
  language?: InputMaybe<LanguageFilter>;
  /** The operation does not match. */
  not?: InputMaybe<SendingsFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<SendingsFilter>>;
  /** Sending's reporting_id. This field can be used to attribute reported sending to its source. */
  reportingId?: InputMaybe<IntFilter>;
  /** Sending's service type. */
  serviceType?: InputMaybe<ServiceTypeFilter>;
  /** Application that created the sending. */
  sourceApp?: InputMaybe<StringFilter>;
  /** Where the sending was sent from: the stringified reporting_id when the sending has one (campaign and triggered sendings always do), else its service_type. */
  sourceId?: InputMaybe<StringFilter>;
  /** Kind of object in source_app that created it. */
  sourceType?: InputMaybe<StringFilter>;
};

/** Filter for sendings_links. Keys combine with AND; use `or`/`not` for more. */
export type SendingsLinksFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<SendingsLinksFilter>>;
  /** ID of the link. */
  databaseId?: InputMaybe<IntFilter>;
  /** Host of the link URL. */
  host?: InputMaybe<StringFilter>;
  /** The operation does not match. */
  not?: InputMaybe<SendingsLinksFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<SendingsLinksFilter>>;
  /** Path of the link URL. */
  path?: InputMaybe<StringFilter>;
  /** Where the sending was sent from: the stringified reporting_id when the sending has one (campaign and triggered sendings always do), else its service_type. */
  sourceId?: InputMaybe<StringFilter>;
  /** The link's utm_campaign parameter. */
  utmCampaign?: InputMaybe<StringFilter>;
  /** The link's utm_content parameter. */
  utmContent?: InputMaybe<StringFilter>;
  /** The link's utm_medium parameter. */
  utmMedium?: InputMaybe<StringFilter>;
  /** The link's utm_source parameter. */
  utmSource?: InputMaybe<StringFilter>;
  /** The link's utm_term parameter. */
  utmTerm?: InputMaybe<StringFilter>;
};

/** Filter for sendings_links_stats. Keys combine with AND; use `or`/`not` for more. */
export type SendingsLinksStatsFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<SendingsLinksStatsFilter>>;
  /** The operation does not match. */
  not?: InputMaybe<SendingsLinksStatsFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<SendingsLinksStatsFilter>>;
  /** Where the sending was sent from: the stringified reporting_id when the sending has one (campaign and triggered sendings always do), else its service_type. */
  sourceId?: InputMaybe<StringFilter>;
};

/** Aggregations of sendings_recipients_statistics. */
export type SendingsRecipientsStatisticsAggregation =
  /** Split by age band. */
  | 'AGE'
  /** Split by gender. */
  | 'GENDER';

/** Filter for sendings_recipients_statistics. Keys combine with AND; use `or`/`not` for more. */
export type SendingsRecipientsStatisticsFilter = {
  /** Age band, from the member's birth year. */
  age?: InputMaybe<AgeBandFilter>;
  /** Every operation matches. */
  and?: InputMaybe<Array<SendingsRecipientsStatisticsFilter>>;
  /** Channel of sending. */
  channel?: InputMaybe<ChannelFilter>;
  /** Gender the member gave. */
  gender?: InputMaybe<GenderFilter>;
  /** The operation does not match. */
  not?: InputMaybe<SendingsRecipientsStatisticsFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<SendingsRecipientsStatisticsFilter>>;
  /** ID of the sending. */
  sendingId?: InputMaybe<IntFilter>;
};

/** Intervals sendings_recipients_statistics offers. AUTO: 5 minutes up to 12 hours, 1 hour up to 3 days, else 1 day (or the next wider one the report offers). */
export type SendingsRecipientsStatisticsInterval =
  /** Chosen from the range: 5 minutes up to 12 hours, an hour up to 3 days, else a day. */
  | 'AUTO'
  /** A day; kept 731 days. */
  | 'DAY'
  /** An hour; kept 183 days. */
  | 'HOUR'
  /** A calendar month; kept forever. */
  | 'MONTH'
  /** A week, from Monday; kept forever. */
  | 'WEEK';

/** Aggregations of sendings_stats. */
export type SendingsStatsAggregation =
  /** Split by campaign. */
  | 'CAMPAIGN_ID'
  /** Split by channel. */
  | 'CHANNEL'
  /** Split by the sending's reporting_id. */
  | 'REPORTING_ID'
  /** Split by the sending's service type. */
  | 'SERVICE_TYPE'
  /** Split by campaign. Summed across customers: no loyalty_club_id split. */
  | 'TOTAL_CAMPAIGN_ID'
  /** Split by channel. Summed across customers: no loyalty_club_id split. */
  | 'TOTAL_CHANNEL'
  /** Split by the sending's reporting_id. Summed across customers: no loyalty_club_id split. */
  | 'TOTAL_REPORTING_ID'
  /** Split by the sending's service type. Summed across customers: no loyalty_club_id split. */
  | 'TOTAL_SERVICE_TYPE';

/** Filter for sendings_stats. Keys combine with AND; use `or`/`not` for more. */
export type SendingsStatsFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<SendingsStatsFilter>>;
  /** ID of campaign to which sending was scheduled. */
  campaignId?: InputMaybe<IntFilter>;
  /** Channel of sending. */
  channel?: InputMaybe<ChannelFilter>;
  /** Type of sendings event. */
  eventType?: InputMaybe<SendingEventTypeFilter>;
  /** The operation does not match. */
  not?: InputMaybe<SendingsStatsFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<SendingsStatsFilter>>;
  /** Sending's reporting_id. This field can be used to attribute reported sending to its source. */
  reportingId?: InputMaybe<IntFilter>;
  /** Sending's service type. */
  serviceType?: InputMaybe<ServiceTypeFilter>;
};

/** What kind of service sent the sending. Campaign and triggered sendings always carry a reporting_id. */
export type ServiceType =
  /** Sent by an automation flow. */
  | 'AUTOMATION'
  /** Part of a planned campaign. */
  | 'CAMPAIGN'
  /** Sent by hand from the console. */
  | 'MANUAL'
  /** A test sending to the team. */
  | 'TEST'
  /** Sent by a trigger (a member's action or a date). */
  | 'TRIGGERED';

/** Conditions on a ServiceType field; several conditions must all hold. */
export type ServiceTypeFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<ServiceType>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<ServiceType>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<ServiceType>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<ServiceType>>;
};

/** Conditions on a string field; several conditions must all hold. */
export type StringFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<Scalars['String']['input']>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<Scalars['String']['input']>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Kind of transaction. Refund amounts are negative. */
export type TransactionType =
  /** A purchase. */
  | 'PURCHASE'
  /** Money given back (a negative amount). */
  | 'REFUND';

/** Conditions on a TransactionType field; several conditions must all hold. */
export type TransactionTypeFilter = {
  /** Equal to the value. `null` matches rows where the field has no value. */
  equal?: InputMaybe<TransactionType>;
  /** One of the values. On an array field: shares at least one element with the values. */
  in?: InputMaybe<Array<TransactionType>>;
  /** Different from the value, a missing value included. `null` matches rows where the field has a value. */
  notEqual?: InputMaybe<TransactionType>;
  /** None of the values, a missing value included. On an array field: shares no element with the values. */
  notIn?: InputMaybe<Array<TransactionType>>;
};

/** Filter for transactions. Keys combine with AND; use `or`/`not` for more. */
export type TransactionsFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<TransactionsFilter>>;
  /** Currency of the amount (ISO 4217). */
  currency?: InputMaybe<StringFilter>;
  /** ID of the transaction. */
  databaseId?: InputMaybe<IntFilter>;
  /** ID of the member. */
  memberId?: InputMaybe<IntFilter>;
  /** The operation does not match. */
  not?: InputMaybe<TransactionsFilter>;
  /** When the transaction happened. */
  occurredAt?: InputMaybe<DateTimeFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<TransactionsFilter>>;
  /** ID of the place the transaction happened at. */
  placeId?: InputMaybe<IntFilter>;
  /** Purchase or refund. */
  type?: InputMaybe<TransactionTypeFilter>;
};

/** Aggregations of transactions_history. */
export type TransactionsHistoryAggregation =
  /** Split by place. */
  | 'PLACE_ID'
  /** Split by transaction type. */
  | 'TYPE';

/** Filter for transactions_history. Keys combine with AND; use `or`/`not` for more. */
export type TransactionsHistoryFilter = {
  /** Every operation matches. */
  and?: InputMaybe<Array<TransactionsHistoryFilter>>;
  /** Currency of the amount (ISO 4217). */
  currency?: InputMaybe<StringFilter>;
  /** The operation does not match. */
  not?: InputMaybe<TransactionsHistoryFilter>;
  /** At least one operation matches. */
  or?: InputMaybe<Array<TransactionsHistoryFilter>>;
  /** ID of the place the transaction happened at. */
  placeId?: InputMaybe<IntFilter>;
  /** Purchase or refund. */
  type?: InputMaybe<TransactionTypeFilter>;
};

/** Intervals transactions_history offers. AUTO: 5 minutes up to 12 hours, 1 hour up to 3 days, else 1 day (or the next wider one the report offers). */
export type TransactionsHistoryInterval =
  /** Chosen from the range: 5 minutes up to 12 hours, an hour up to 3 days, else a day. */
  | 'AUTO'
  /** A day; kept 731 days. */
  | 'DAY'
  /** An hour; kept 183 days. */
  | 'HOUR'
  /** A calendar month; kept forever. */
  | 'MONTH'
  /** A week, from Monday; kept forever. */
  | 'WEEK';

export type MemberRowFragment = { id: string, databaseId: number, communityId: number, gender: Gender | null, age: AgeBand | null, optinChannel: string | null, createdAt: string };

export type MembersPageQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<MembersFilter>;
}>;


export type MembersPageQuery = { members: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, databaseId: number, communityId: number, gender: Gender | null, age: AgeBand | null, optinChannel: string | null, createdAt: string } }> } | null };

export type ChannelTotalFragment = { value: number, label: { loyaltyClubId: number | null, eventType: SendingEventType | null, channel: Channel | null } };

export type SendingTotalsQueryVariables = Exact<{
  from?: InputMaybe<Scalars['DateTime']['input']>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type SendingTotalsQuery = { sendingsStats: { rangeTimezone: string, series: Array<{ value: number, label: { loyaltyClubId: number | null, eventType: SendingEventType | null, channel: Channel | null } }> } | null, rateLimit: { remaining: number, capacity: number } | null };

export type EventSeriesFragment = { values: Array<number | null>, timezone: string | null, label: { loyaltyClubId: number | null, eventType: SendingEventType | null, channel: Channel | null } };

export type SendingEventsChartQueryVariables = Exact<{
  from: Scalars['DateTime']['input'];
  to: Scalars['DateTime']['input'];
  interval?: SendingsEventsHistoryInterval;
  aggregateBy?: InputMaybe<SendingsEventsHistoryAggregation>;
}>;


export type SendingEventsChartQuery = { sendingsEventsHistory: { interval: Interval, rangeTimezone: string, timeBuckets: Array<string>, truncated: boolean, series: Array<{ values: Array<number | null>, timezone: string | null, label: { loyaltyClubId: number | null, eventType: SendingEventType | null, channel: Channel | null } }> } | null };
