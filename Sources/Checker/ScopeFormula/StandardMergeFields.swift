/// The standard fields that `$User`, `$Organization` and `$Profile` merge fields may name: each
/// global variable reads the fields of one standard object, so its standard fields are a finite,
/// documented list. A custom field (`…__c`) is the org's own and is not checked.
///
/// Sources (Salesforce's documentation):
/// - `$User`: "Most of the fields available on the User standard object are also available on
///   $User" (Visualforce Developer Guide, $User:
///   https://developer.salesforce.com/docs/atlas.en-us.226.0.pages.meta/pages/pages_variables_global_user.htm),
///   plus `UITheme` and `UIThemeDisplayed`, which the guide's list of global variables documents
///   for `$User` only (https://developer.salesforce.com/docs/atlas.en-us.pages.meta/pages/pages_variables_global.htm).
///   The User object's fields: Salesforce Field Reference Guide, User
///   (https://developer.salesforce.com/docs/atlas.en-us.234.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_User.htm).
/// - `$Organization`: "your company profile", the Organization object; the guide lists Id, Name,
///   Division, Street, City, State, PostalCode, Country, Fax, Phone, GoogleAppsDomain and UiSkin
///   (https://developer.salesforce.com/docs/platform/salesforce-pages-developers-guide/guide/pages-variables-global-organization.md);
///   the other names are the Organization object's fields in the Field Reference Guide.
/// - `$Profile`: the current user's profile, the Profile object; the guide names Id, Name,
///   LicenseType and UserType
///   (https://developer.salesforce.com/docs/atlas.en-us.pages.meta/pages/pages_variables_global_profile.htm).
///
/// Each object also has a documented family of boolean fields that grows every release
/// (`UserPermissions…`/`UserPreferences…` on User, `Preferences…` on Organization,
/// `Permissions…` on Profile): a name in a family is accepted, since a list of them would turn
/// each new release's field into a false error.
struct StandardMergeFields: Sendable {
    var names: [String]
    var families: [String]

    private let lowercased: Set<String>

    init(names: [String], families: [String]) {
        self.names = names
        self.families = families
        lowercased = Set(names.map { $0.lowercased() })
    }

    /// Salesforce compares merge-field names ignoring case, as it does namespaces.
    func contains(_ field: String) -> Bool {
        let lower = field.lowercased()
        return lowercased.contains(lower) || families.contains { lower.hasPrefix($0.lowercased()) && lower.count > $0.count }
    }

    static let user = StandardMergeFields(
        names: [
            "AboutMe", "AccountId", "Address", "Alias", "BadgeText", "BannerPhotoUrl", "CallCenterId", "City",
            "CommunityNickname", "CompanyName", "ContactId", "Country", "CountryCode", "CreatedById", "CreatedDate",
            "CurrencyIsoCode", "DefaultCurrencyIsoCode", "DefaultGroupNotificationFrequency", "DelegatedApproverId",
            "Department", "DigestFrequency", "Division", "Email", "EmailEncodingKey", "EmailPreferencesAutoBcc",
            "EmailPreferencesAutoBccStayInTouch", "EmailPreferencesStayInTouchReminder", "EmployeeNumber", "EndDay",
            "Extension", "Fax", "FederationIdentifier", "FirstName", "ForecastEnabled", "FullPhotoUrl",
            "GeocodeAccuracy", "Id", "IndividualId", "IsActive", "IsExtIndicatorVisible", "IsPortalEnabled",
            "IsProfilePhotoActive", "LanguageLocaleKey", "LastLoginDate", "LastModifiedById", "LastModifiedDate",
            "LastName", "LastPasswordChangeDate", "LastReferencedDate", "LastViewedDate", "Latitude", "LocaleSidKey",
            "Longitude", "ManagerId", "MediumBannerPhotoUrl", "MediumPhotoUrl", "MiddleName", "MobilePhone", "Name",
            "NumberOfFailedLogins", "OfflinePdaTrialExpirationDate", "OfflineTrialExpirationDate", "OutOfOfficeMessage",
            "PasswordExpirationDate", "Phone", "PortalRole", "PostalCode", "ProfileId", "ReceivesAdminInfoEmails",
            "ReceivesInfoEmails", "SenderEmail", "SenderName", "Signature", "SmallBannerPhotoUrl", "SmallPhotoUrl",
            "StartDay", "State", "StateCode", "StayInTouchNote", "StayInTouchSignature", "StayInTouchSubject", "Street",
            "Suffix", "SystemModstamp", "TimeZoneSidKey", "Title", "UITheme", "UIThemeDisplayed", "UserRoleId",
            "UserType", "Username",
        ],
        families: ["UserPermissions", "UserPreferences"])

    static let organization = StandardMergeFields(
        names: [
            "Address", "City", "ComplianceBccEmail", "Country", "CountryCode", "CreatedById", "CreatedDate",
            "DefaultAccountAccess", "DefaultCalendarAccess", "DefaultCampaignAccess", "DefaultCaseAccess",
            "DefaultContactAccess", "DefaultCurrencyIsoCode", "DefaultLeadAccess", "DefaultLocaleSidKey",
            "DefaultOpportunityAccess", "DefaultPricebookAccess", "Division", "Fax", "FiscalYearStartMonth",
            "GeocodeAccuracy", "GoogleAppsDomain", "Id", "InstanceName", "IsReadOnly", "IsSandbox", "LanguageLocaleKey",
            "LastModifiedById", "LastModifiedDate", "Latitude", "Longitude", "MonthlyPageViewsEntitlement",
            "MonthlyPageViewsUsed", "Name", "NamespacePrefix", "NumKnowledgeService", "OrganizationType", "Phone",
            "PostalCode", "PrimaryContact", "ReceivesAdminInfoEmails", "ReceivesInfoEmails", "SignupCountryIsoCode",
            "State", "StateCode", "Street", "SystemModstamp", "TimeZoneSidKey", "TrialExpirationDate", "UiSkin",
            "UsesStartDateAsFiscalYearName", "WebToCaseDefaultOrigin",
        ],
        families: ["Preferences"])

    static let profile = StandardMergeFields(
        names: [
            "CreatedById", "CreatedDate", "Description", "Id", "IsSsoEnabled", "LastModifiedById", "LastModifiedDate",
            "LastReferencedDate", "LastViewedDate", "LicenseType", "Name", "SystemModstamp", "UserLicenseId", "UserType",
        ],
        families: ["Permissions"])
}
